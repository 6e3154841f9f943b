"""What the facilitator shows the room in workshop mode: the stage beside its agreement,
the agenda's countdown, and the presenter view for a second screen."""
