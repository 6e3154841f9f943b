"""The docks around the map that hold the room's agreements, and how they follow the document.

Inspector (stage or handoff), RACI matrix and roles, definitions glossary, lead
scoring, problems list. Each panel only asks for edits;
the window applies them through the Document and tells every panel what
changed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.change import Change, Kind
from models.playbook import Playbook
from models.validation import Problem
from widgets.deal_figures_panel import DealFiguresPanel
from widgets.deals_panel import DealsPanel
from widgets.form_parts import scrolling
from widgets.funnel_panel import FunnelPanel
from widgets.glossary_editor import GlossaryPanel
from widgets.improvements_panel import ImprovementsPanel
from widgets.inspector_stack import InspectorStack
from widgets.parking_lot_panel import ParkingLotPanel
from widgets.problems_panel import ProblemsPanel
from widgets.raci_matrix import RaciPanel
from widgets.review_panel import ReviewPanel
from widgets.scoring_editor import ScoringPanel


class AgreementPanels:
    def __init__(self, window) -> None:
        self.window = window
        self.inspectors = InspectorStack()
        self.problems = ProblemsPanel()
        self.raci = RaciPanel()
        self.glossary = GlossaryPanel()
        self.scoring = ScoringPanel()
        self.deals = DealsPanel(window.scene)
        self.improvements = ImprovementsPanel()
        self.figures = DealFiguresPanel(window.scene)
        self.review = ReviewPanel(lambda: window.scene.today())
        self.funnel = FunnelPanel(lambda: window.scene.today())
        self.parking_lot = ParkingLotPanel(lambda: window.scene.today())
        self._panels = [
            self.inspectors,
            self.raci,
            self.glossary,
            self.scoring,
            self.deals,
            self.improvements,
            self.review,
            self.parking_lot,
        ]
        self._readers = [self.figures, self.funnel]  # panels that show the model but never edit it
        right, bottom = (
            Qt.DockWidgetArea.RightDockWidgetArea,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        self.dock_inspector = window._dock("dock_inspector", "Inspector", self.inspectors, right)
        self.dock_problems = window._dock("dock_problems", "Problems", self.problems, bottom)
        # The wide tables sit under the map, where a projector has room across.
        self.dock_raci = window._dock("dock_raci", "RACI", self.raci, bottom)
        self.dock_glossary = window._dock("dock_glossary", "Glossary", self.glossary, bottom)
        self.dock_scoring = window._dock("dock_scoring", "Lead scoring", self.scoring, bottom)
        self.dock_deals = window._dock("dock_deals", "Deals", self.deals, bottom)
        self.dock_improvements = window._dock(
            "dock_improvements", "Improvements", self.improvements, bottom
        )
        self.dock_figures = window._dock("dock_figures", "Deal figures", self.figures, bottom)
        self.dock_review = window._dock("dock_review", "Review", scrolling(self.review), bottom)
        self.dock_funnel = window._dock("dock_funnel", "Funnel", scrolling(self.funnel), bottom)
        self.dock_parking_lot = window._dock(
            "dock_parking_lot", "Parking lot", self.parking_lot, bottom
        )
        self._tabs = [
            self.dock_inspector,
            self.dock_raci,
            self.dock_glossary,
            self.dock_scoring,
            self.dock_deals,
            self.dock_improvements,
            self.dock_figures,
            self.dock_review,
            self.dock_funnel,
            self.dock_parking_lot,
        ]
        for dock in self._tabs[1:]:
            window.tabifyDockWidget(self.dock_problems, dock)
        self.dock_problems.raise_()
        for panel in self._panels:
            panel.editRequested.connect(window.apply_edit)
        for panel in self._panels + self._readers:
            panel.refused.connect(window.show_error)
        self.problems.problemChosen.connect(self.show_problem)
        self.review.stageChosen.connect(window.canvas.centre_on_stage)
        self.funnel.stageChosen.connect(window.canvas.centre_on_stage)
        self.review.handoffChosen.connect(self._show_handoff)
        self.review.openRequested.connect(window.open_snapshot)
        self.review.diffShown.connect(window.show_diff)
        scene = window.scene
        scene.stageSelectionChanged.connect(self._follow_selection)
        scene.handoffSelectionChanged.connect(self._follow_selection)

    def toggle_actions(self) -> list:
        actions = []
        for dock in [*self._tabs[1:], self.dock_problems]:  # the inspector's is the window's
            action = dock.toggleViewAction()
            action.setObjectName(f"action_toggle_{dock.objectName().removeprefix('dock_')}")
            actions.append(action)
        return actions

    # -- following the document -------------------------------------------

    def set_playbook(self, playbook: Playbook) -> None:
        for panel in self._panels + self._readers:
            panel.set_playbook(playbook)

    def on_change(self, change: Change) -> None:
        for panel in self._panels + self._readers:
            panel.on_change(change)

    def flush(self) -> None:
        """Send what is typed in any panel but not yet sent."""
        self.inspectors.stage.flush()
        self.inspectors.handoff.flush()
        self.glossary.flush()
        self.deals.flush()

    def refresh(self) -> None:
        """Show the model's values again (after an edit the Document refused)."""
        self.inspectors.stage.refresh()
        self.inspectors.handoff.refresh()

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems.show_problems(problems)

    def _follow_selection(self, _ids=None) -> None:
        scene = self.window.scene
        stage_ids = scene.selected_stage_ids()
        self.inspectors.show_selection(stage_ids, scene.selected_handoff_ids())
        self.raci.show_stage(stage_ids[0] if len(stage_ids) == 1 else None)
        self.improvements.show_stage(stage_ids[0] if len(stage_ids) == 1 else None)

    # -- going to what a problem is about -----------------------------------

    def show_problem(self, problem: Problem) -> None:
        playbook = self.window.document.playbook
        canvas = self.window.canvas
        if problem.kind is Kind.STAGE and playbook.has_stage(problem.id):
            canvas.centre_on_stage(problem.id)
            self._raise(self.dock_inspector)
        elif problem.kind is Kind.ACTIVITY and problem.id in playbook.activities:
            canvas.centre_on_stage(playbook.activities[problem.id].stage)
            self.inspectors.stage.activities.select_activity(problem.id)
            self._raise(self.dock_inspector)
        elif problem.kind is Kind.HANDOFF and problem.id in playbook.ids(Kind.HANDOFF):
            handoff = playbook.handoff(problem.id)
            canvas.centerOn(canvas.map_scene.card_rect(handoff.source).center())
            canvas.map_scene.select_handoff(problem.id)
            self._raise(self.dock_inspector)
        else:
            self.show_other_problem(problem)

    def show_other_problem(self, problem: Problem) -> None:
        """Problems about definitions open the glossary; about roles, that role's duties."""
        if (
            problem.kind is Kind.DEFINITION
            and problem.id in self.window.document.playbook.definitions
        ):
            self.glossary.show_definition(problem.id)
            self._raise(self.dock_glossary)
        elif problem.kind is Kind.ROLE:
            self.raci.show_stage(None)
            index = self.raci.role_choice.findData(problem.id)
            if index >= 0:
                self.raci.role_choice.setCurrentIndex(index)
            self._raise(self.dock_raci)

    def _show_handoff(self, handoff_id: str) -> None:
        canvas = self.window.canvas
        handoff = self.window.document.playbook.handoff(handoff_id)
        canvas.centerOn(canvas.map_scene.card_rect(handoff.source).center())
        canvas.map_scene.select_handoff(handoff_id)

    @staticmethod
    def _raise(dock) -> None:
        dock.show()
        dock.raise_()
