"""The panels tabbed under the map: RACI, glossary, lead scoring, deals and their figures,
improvements, the parking lot, the quarterly review, the funnel and the problems list."""
