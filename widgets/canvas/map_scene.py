"""The map scene: one item per stage and handoff, kept in step with the playbook by id.

``set_playbook`` builds the scene once; after that ``apply_change`` touches
only the items whose ids an edit named (plus arrows attached to moved cards,
and everything's position only if the grid itself changed size).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import HandoffKind, ImprovementStatus, Raci, Stage
from journeyapp.models.map_geometry import (
    CARD_HEIGHT,
    CARD_WIDTH,
    LANE_HEADER_WIDTH,
    PHASE_HEADER_HEIGHT,
    GridSizer,
    MapGrid,
    card_rect,
)
from journeyapp.models.playbook import Playbook
from journeyapp.models.retrospective import improvements_on, projects_on
from journeyapp.models.staleness import staleness
from journeyapp.models.validation import Problem
from journeyapp.models.winloss import drivers_by_stage
from journeyapp.widgets.canvas.grid_item import GridItem
from journeyapp.widgets.canvas.handoff_item import HandoffArrowData, HandoffItem
from journeyapp.widgets.canvas.label_placer import LABEL, LabelPlacer
from journeyapp.widgets.canvas.map_style import MapStyle
from journeyapp.widgets.canvas.reporting_item import ReportingItem
from journeyapp.widgets.canvas.spatial_index import SpatialIndex
from journeyapp.widgets.canvas.stage_item import StageCardData, StageItem
from PySide6.QtCore import QPointF, QRectF, QTimer, Signal
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

SCENE_MARGIN = 80.0
# Up to this many labels are placed at once; more are placed in batches of LABEL_BATCH_S
# between frames (about 1 ms a label: 1,200 labels held the window 1.5 s when a big map
# opened, and again when it was laid out).
LABELS_AT_ONCE = 100
LABEL_BATCH_S = 0.008
RECYCLE_SUFFIX = ":recycle"  # the id of a contact-process arrow: its handoff id + this
_SENDS_MOVES = QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges


class MapScene(QGraphicsScene):
    stageSelectionChanged = Signal(list)  # ids of the selected stages
    handoffSelectionChanged = Signal(list)  # ids of the selected handoffs
    labelsSettled = Signal()  # the labels waiting to be placed are all placed

    def __init__(self, style: MapStyle, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("journey_scene")
        self.style = style
        self.today = _today  # what "stale" is measured from; tests set it
        self.editable = True  # cards offer their connect handle only when it can be used
        self.review_due_shown = True  # off on the projector, where the tags are clutter
        self.playbook: Playbook | None = None
        self.grid = MapGrid((), ())
        self.dirty_sinks: list = []  # told each scene area an item repaints (cache, minimap)
        self.grid_item = GridItem(style)
        self.grid_item.on_dirty = self._item_dirty
        self.addItem(self.grid_item)
        self.stage_items: dict[str, StageItem] = {}
        self.handoff_items: dict[str, HandoffItem] = {}
        # A handoff's contact process recycles unreached leads: drawn from its target, dashed.
        self.recycle_items: dict[str, HandoffItem] = {}
        self._improved_stages: set[str] = set()  # stages whose cards carry an improvement badge
        self._redesigned_stages: set[str] = set()  # stages a big-leap project redesigns
        self._pinned: dict[str, tuple] = {}  # the decision drivers interviews pin to each stage
        self._activity_stage: dict[str, str] = {}
        self._stage_activities: dict[str, set[str]] = {}  # the reverse, so cards need no scan
        self._problems: dict[str, list[str]] = {}
        self._selection_order: list[str] = []
        self._sizer = GridSizer()
        self._occupied = SpatialIndex()  # cards (by stage id), labels and arrow lines
        self._labels = LabelPlacer(self._occupied)
        self._following: set[str] | None = None  # cards moving together, their arrows to follow
        self._dirty_while_moving: QRectF | None = None  # the area they have repainted so far
        self._building = False  # a new map's items are being made: they report nothing yet
        # A new map's arrows, put in the scene once routed: routed there, each new line and
        # label was a change of geometry the scene kept track of (15 ms at 1,000 stages).
        self._arrows_to_add: list[HandoffItem] = []
        self._drag_arrows: tuple[frozenset, list] | None = None  # the cards a drag moves, arrows
        # The arrows a drag has moved so far, each with the step it moved along by (None
        # once re-routed): their labels are placed when the drag ends.
        self._dragged: dict[str, tuple[HandoffItem, tuple | None]] | None = None
        self._drag_places: dict[str, tuple[float, float]] = {}  # each dragged card's, last frame
        # The dragged cards and the arrows moving along with them say nothing of the area
        # they repaint while the drag goes on: the area they cover moves by the frame's step.
        self._held: list[ReportingItem] = []
        self._held_area = QRectF()
        # While held, the cards do not tell of each move either (a call into Python per card
        # a frame): one of them, and where it was, tells the step they all took.
        self._held_anchor: tuple[StageItem, tuple[float, float]] | None = None
        self._arrows_held = False  # cards glide together: their arrows follow when they land
        # What waits to settle, in order: moved arrows whose lines are to be indexed (with
        # the step each moved along by, None if re-routed), those indexed whose crossings
        # are to be looked at (their steps in _shifts), and the labels to place.
        self._lines_pending: dict[str, tuple[HandoffItem, tuple | None]] = {}
        self._lines_indexed: dict[str, HandoffItem] = {}
        self._labels_pending: dict[str, HandoffItem] = {}
        self._crossed: dict[str, HandoffItem] = {}  # labels a moved line now crosses
        self._unindexed: dict[str, HandoffItem] = {}  # a new scene's lines, to index first
        self._shifts: dict[str, tuple | None] = {}  # the step each indexed arrow moved along by
        self.settling_labels = False  # placing labels that wait (see _place_waiting_labels)
        self._label_timer = QTimer(self)
        self._label_timer.setSingleShot(True)
        self._label_timer.timeout.connect(self._place_waiting_labels)
        self.selectionChanged.connect(self._emit_stage_selection)

    # -- building -------------------------------------------------------

    def set_playbook(self, playbook: Playbook, problems: list[Problem]) -> None:
        for item in self._map_items():
            self.removeItem(item)
        self.stage_items.clear()
        self.handoff_items.clear()
        self.recycle_items.clear()
        self._occupied.clear()
        self._labels.clear()
        self._drag_arrows = None
        self._held, self._held_area, self._held_anchor = [], QRectF(), None
        for waiting in self._waiting():
            waiting.clear()
        self._shifts.clear()
        self.playbook = playbook
        self._activity_stage = {}
        self._stage_activities = {}
        for activity in playbook.activities:
            self._index_activity(activity.id, activity.stage)
        self._problems = self._group_problems(problems)
        self._improved_stages = {s.id for s in playbook.stages() if improvements_on(playbook, s.id)}
        self._redesigned_stages = {s for p in playbook.projects for s in p.areas}
        self._pinned = drivers_by_stage(playbook)
        self._relayout_grid()
        self._building = True
        try:
            for stage in playbook.stages():
                self._add_stage_item(stage)
            for handoff in playbook.handoffs():
                self._add_handoff_item(handoff.id)
            # Every line is drawn before any label is placed, so no label lands on a later line.
            arrows = [item for item, *_ in self._routed(self._arrows_between(self.handoff_items))]
        finally:
            self._building = False
            for item in self._arrows_to_add:  # routed or not, every arrow made is in the scene
                self.addItem(item)
            self._arrows_to_add.clear()
        for item in self._map_items():
            item.on_dirty = self._item_dirty
        self._item_dirty(self.sceneRect())
        self._unindexed.update((item.handoff_id, item) for item in arrows)
        self._labels_pending.update((item.handoff_id, item) for item in arrows)
        self._settle_soon()

    def _map_items(self) -> list[ReportingItem]:
        """Every card, arrow and recycle arrow of the map."""
        return [
            *self.stage_items.values(),
            *self.handoff_items.values(),
            *self.recycle_items.values(),
        ]

    def apply_change(self, change: Change) -> None:
        """Bring the items named by ``change`` up to date with the playbook."""
        assert self.playbook is not None
        self._release_reports()  # an edit in the middle of a drag reports what it changes
        playbook = self.playbook
        touched_stages = set(change.get(Kind.STAGE))
        for activity_id in change.get(Kind.ACTIVITY):
            old_stage = self._activity_stage.pop(activity_id, None)
            if old_stage:
                self._stage_activities[old_stage].discard(activity_id)
                touched_stages.add(old_stage)
            if activity_id in playbook.activities:
                stage_id = playbook.activities[activity_id].stage
                self._index_activity(activity_id, stage_id)
                touched_stages.add(stage_id)
        if change.touches(Kind.IMPROVEMENT):  # badges come and go on the stages they change
            improved = {s for s in self.stage_items if improvements_on(playbook, s)}
            touched_stages |= improved | self._improved_stages
            self._improved_stages = improved
        if change.touches(Kind.PROJECT):
            redesigned = {s for p in playbook.projects for s in p.areas if s in self.stage_items}
            touched_stages |= redesigned | self._redesigned_stages
            self._redesigned_stages = redesigned
        if change.touches(Kind.INTERVIEW) or change.touches(Kind.DRIVER):  # pinned drivers
            pinned = drivers_by_stage(playbook)
            touched_stages |= {
                s
                for s in pinned.keys() | self._pinned.keys()
                if pinned.get(s) != self._pinned.get(s)
            }
            self._pinned = pinned
        roles = change.get(Kind.ROLE)
        if roles:  # a renamed role shows on the cards of stages where it is Accountable
            touched_stages |= {a.stage for a in playbook.activities if roles & a.raci.keys()}
        if change.touches(Kind.LANE):
            touched_stages |= {s.id for s in playbook.stages() if s.lane in change.get(Kind.LANE)}

        grid_lines_changed = change.touches(Kind.PHASE) or change.touches(Kind.LANE)
        # Only stages, phases and lanes size the grid: a busy room's notes leave it alone.
        moved = (grid_lines_changed or change.touches(Kind.STAGE)) and self._relayout_grid(
            None if grid_lines_changed else change.get(Kind.STAGE)
        )
        for stage_id in change.get(Kind.STAGE):
            if not playbook.has_stage(stage_id):
                self._remove_item(self.stage_items.pop(stage_id, None))
            elif stage_id not in self.stage_items:
                self._add_stage_item(playbook.stage(stage_id))
        changed_arrows = set()
        for handoff_id in change.get(Kind.HANDOFF):
            if not _has_handoff(playbook, handoff_id):
                self._remove_item(self.handoff_items.pop(handoff_id, None))
                self._remove_item(self.recycle_items.pop(handoff_id, None))
                continue
            if handoff_id not in self.handoff_items:
                self._add_handoff_item(handoff_id)
            changed_arrows.add(handoff_id)  # routed with the rest, once the cards are placed

        positioned = set(self.stage_items) if moved else change.get(Kind.STAGE)
        self._following = set()  # the cards placed here: their arrows follow once, below
        try:
            for stage_id in touched_stages | positioned:
                if stage_id in self.stage_items:
                    self._refresh_stage(stage_id)
        finally:
            following, self._following = self._following, None
        if moved:
            arrows = set(self.handoff_items)
        else:
            arrows = {
                h.id
                for stage_id in change.get(Kind.STAGE)
                if playbook.has_stage(stage_id)
                for h in playbook.incoming(stage_id) + playbook.outgoing(stage_id)
            }
        moved_stages = change.get(Kind.STAGE)
        arrows |= {
            handoff_id
            for handoff_id in self.recycle_items
            if moved or playbook.handoff(handoff_id).recycle_to in moved_stages
        }
        self._refresh_handoffs(arrows | changed_arrows | self._handoffs_of(following))

    def set_problems(self, problems: list[Problem]) -> None:
        """Show validation problems as badges; only cards whose problems changed are redrawn."""
        new_problems = self._group_problems(problems)
        changed = {
            stage_id
            for stage_id in set(new_problems) | set(self._problems)
            if new_problems.get(stage_id) != self._problems.get(stage_id)
        }
        self._problems = new_problems
        for stage_id in changed:
            if stage_id in self.stage_items:
                self.stage_items[stage_id].set_data(self._card_data(self.playbook.stage(stage_id)))

    # -- items ----------------------------------------------------------

    def _item_dirty(self, rect: QRectF) -> None:
        if self._dirty_while_moving is not None:  # told once, when the frame's moves are done
            self._dirty_while_moving = self._dirty_while_moving.united(rect)
            return
        for sink in self.dirty_sinks:
            sink(rect)

    def area_changed(self, rect: QRectF) -> None:
        """Something drawn over ``rect`` came, went or moved (an overlay's item): the cached
        overview picture redraws that area."""
        self._item_dirty(rect)

    def _add_stage_item(self, stage: Stage) -> None:
        item = StageItem(stage.id, self._card_data(stage), self.style, self._card_origin(stage))
        self.stage_items[stage.id] = item
        self.addItem(item)
        self._occupy(item)
        item.on_moved = self._follow_card
        self._report_changes(item)

    def _follow_card(self, stage_id: str) -> None:
        """Keep a dragged card's arrows attached while it moves."""
        if self._arrows_held or self.playbook is None or not self.playbook.has_stage(stage_id):
            return  # held: the card is placed, and its arrows rerouted, when it lands
        if self._following is not None:
            self._following.add(stage_id)  # followed with the others, once they have moved
            return
        item = self.stage_items.get(stage_id)
        if item is not None:
            self._occupied.put(("stage", stage_id), item.card_rect())
        self._refresh_handoffs(self._handoffs_of((stage_id,)))

    def _handoffs_of(self, stage_ids: Iterable[str]) -> set[str]:
        playbook = self.playbook
        return {
            handoff.id
            for stage_id in stage_ids
            for handoff in playbook.incoming(stage_id) + playbook.outgoing(stage_id)
        }

    @contextmanager
    def cards_moving_together(self) -> Iterator[None]:
        """While the selected cards move in one step (a frame of a drag), their arrows follow
        once, at the end: not once per card, with half of the cards moved. Their labels ride
        along on their lines (a re-routed arrow's on its middle) until ``settle_after_drag``."""
        if self._following is not None:
            yield
            return
        self._following = set()
        self._dirty_while_moving = QRectF()
        try:
            yield
        finally:
            moved, self._following = self._following, None
            if moved and self._held_anchor is not None:
                self._release_reports()  # another card moved: each is followed again
            if self._held_anchor is not None:
                step = self._held_step()
                if step is not None:
                    self._follow_drag(self._drag_arrows[0], step)
            elif moved:
                self._follow_drag(frozenset(moved))
            if not self._held:  # held cards are found where they are once they land
                self._index_cards(moved)
            dirty, self._dirty_while_moving = self._dirty_while_moving, None
            if not dirty.isNull():
                self._item_dirty(dirty)

    def _follow_drag(self, moved: frozenset[str], step: tuple[float, float] | None = None) -> None:
        """A frame of a drag: the arrows of the moved cards follow them (worked out once
        for the drag, which moves the same cards every frame). An arrow whose two cards
        took the frame's one ``step`` together (found here unless the held cards gave it)
        is moved along by it, its route not worked out again."""
        if self._drag_arrows is None or self._drag_arrows[0] != moved:
            # Each arrow, with whether both its cards are dragged (then it moves with them).
            arrows = [
                (item, source, target, source.stage_id in moved and target.stage_id in moved)
                for item, source, target in self._arrow_ends(self._handoffs_of(moved))
            ]
            self._drag_arrows = (moved, arrows)
            self._drag_places = {}
        if step is None:
            step = self._common_step(moved)
        if step is None:
            self._release_reports()
        elif not self._held:
            self._hold_reports(moved)
        dragged = self._dragged if self._dragged is not None else {}
        # Every arrow moved along takes the same step: its rounding, and each sum of it with a
        # step taken before, is worked out once a frame, not once an arrow.
        rounded = None if step is None else (round(step[0], 3), round(step[1], 3))
        sums: dict[tuple, tuple[float, float]] = {}
        for item, source, target, together in self._drag_arrows[1]:
            route = None
            if rounded is not None and together:
                route = item.move_along(step, rounded)
            if route is None:
                route = item.set_ends(source.card_rect(), target.card_rect())
            if route == "same":
                continue
            entry = dragged.get(item.handoff_id)
            before = (0.0, 0.0) if entry is None else entry[1]
            shift = None
            if route == "moved" and before is not None:
                key = (before, item.shift)
                shift = sums.get(key)
                if shift is None:
                    moved_by = item.shift
                    shift = sums[key] = (
                        round(before[0] + moved_by[0], 3),
                        round(before[1] + moved_by[1], 3),
                    )
            dragged[item.handoff_id] = (item, shift)
        self._dragged = dragged
        if self._held:
            moved_area = self._held_area.translated(*step)
            self._item_dirty(self._held_area.united(moved_area))
            self._held_area = moved_area

    def _hold_reports(self, moved: frozenset[str]) -> None:
        """From this frame on, the cards and the arrows between them move as one: the area
        they cover is reported, not each one's."""
        cards = [self.stage_items[stage_id] for stage_id in moved]
        held: list[ReportingItem] = [*cards]
        held += [item for item, _, _, together in self._drag_arrows[1] if together]
        area = QRectF()
        for item in held:
            item.on_dirty = None
            area = area.united(item.sceneBoundingRect())
        self._held, self._held_area = held, area
        for card in cards:
            card.setFlag(_SENDS_MOVES, False)
        pos = cards[0].pos()
        self._held_anchor = (cards[0], (pos.x(), pos.y()))

    def _held_step(self) -> tuple[float, float] | None:
        """The step the held cards took together since the last frame (Qt moves the
        selected cards by one offset); None if they did not move."""
        card, (x0, y0) = self._held_anchor
        pos = card.pos()
        x, y = pos.x(), pos.y()
        if x == x0 and y == y0:
            return None
        self._held_anchor = (card, (x, y))
        return x - x0, y - y0

    def _release_reports(self) -> None:
        """The held items report again, and the area they cover now is reported; the held
        cards are indexed where they are now."""
        if not self._held:
            return
        held, area = self._held, self._held_area
        self._held, self._held_area, self._held_anchor = [], QRectF(), None
        cards = [item for item in held if isinstance(item, StageItem)]
        for item in held:
            item.on_dirty = self._item_dirty
            area = area.united(item.sceneBoundingRect())
        for card in cards:
            card.setFlag(_SENDS_MOVES, True)
        self._item_dirty(area)
        self._index_cards(card.stage_id for card in cards)

    def _index_cards(self, stage_ids: Iterable[str]) -> None:
        for stage_id in stage_ids:
            self._occupied.put(("stage", stage_id), self.stage_items[stage_id].card_rect())

    def _common_step(self, moved: frozenset[str]) -> tuple[float, float] | None:
        """The step every moved card took since the last frame, when they all took the same
        one (a drag moves the selected cards by one offset); None on a drag's first frame,
        or when they did not."""
        places, now = self._drag_places, {}
        xs, ys = [], []
        for stage_id in moved:
            pos = self.stage_items[stage_id].pos()
            x, y = now[stage_id] = (pos.x(), pos.y())
            before = places.get(stage_id)
            if before is not None:
                xs.append(x - before[0])
                ys.append(y - before[1])
        self._drag_places = now
        if len(xs) != len(moved):
            return None
        # The same step to a millionth: (x + d) - x differs in its last bits from card to card.
        if max(xs) - min(xs) > 1e-6 or max(ys) - min(ys) > 1e-6:
            return None
        return xs[0], ys[0]

    def _arrow_ends(self, handoff_ids: Iterable[str]) -> list[tuple]:
        """(arrow, card it leaves, card it reaches) for each handoff's arrow and its recycle
        arrow, in id order."""
        cards, found = self.stage_items, []
        for handoff_id in sorted(handoff_ids):
            handoff = self.playbook.handoff(handoff_id)
            item = self.handoff_items.get(handoff_id)
            if item is not None and handoff.source in cards and handoff.target in cards:
                found.append((item, cards[handoff.source], cards[handoff.target]))
            recycle = self.recycle_items.get(handoff_id)
            if recycle is not None and handoff.target in cards and handoff.recycle_to in cards:
                found.append((recycle, cards[handoff.target], cards[handoff.recycle_to]))
        return found

    def settle_after_drag(self) -> None:
        """The drag is over: the labels of the arrows it moved find their places once."""
        self._release_reports()
        dragged, self._dragged = self._dragged, None
        self._drag_arrows = None
        if dragged:
            self._settle_labels(dragged)

    def _arrows_between(self, handoff_ids: Iterable[str]) -> list[tuple]:
        """(item, data, source card, target card) for each handoff's arrow and its recycle
        arrow (made or dropped as the handoff now asks), in the order given."""
        arrows = []
        for handoff_id in handoff_ids:
            item = self.handoff_items.get(handoff_id)
            if item is None:
                continue
            handoff = self.playbook.handoff(handoff_id)
            source, target = self.card_rect(handoff.source), self.card_rect(handoff.target)
            arrows.append((item, self._arrow_data(handoff_id), source, target))
            recycle = self._recycle_arrow(handoff)
            if recycle is not None:
                arrows.append(recycle)
        return arrows

    @staticmethod
    def _routed(arrows: list[tuple]) -> Iterator[tuple[HandoffItem, bool, str]]:
        """Each arrow given its data and ends: (item, whether its label changed, its route:
        "same", "moved" along with its cards, or "rerouted")."""
        for item, data, source, target in arrows:
            relabelled = item.set_data(data)
            yield item, relabelled, item.set_ends(source, target)

    def _refresh_handoffs(self, handoff_ids: Iterable[str]) -> None:
        """Bring many arrows up to date together: every line first, then each label placed
        once."""
        moved = {}
        for item, relabelled, route in self._routed(self._arrows_between(sorted(set(handoff_ids)))):
            if route != "same" or relabelled:
                along = route == "moved" and not relabelled
                moved[item.handoff_id] = (item, item.shift if along else None)
        self._settle_labels(moved)

    def _settle_labels(self, moved: dict[str, tuple[HandoffItem, tuple | None]]) -> None:
        """Index the moved arrows' lines, then place each label that needs it once. An arrow
        that moved along with both its cards (``shift``, the step) keeps its label where it
        was on its line; arrows that moved along by the same step cross what they crossed
        before, so their labels stay put for each other.

        A few arrows are settled at once, but for the labels of other arrows their lines
        now cross, which are placed right after the frame; many arrows (a big map laid out
        or dropped) a batch at a time between frames, so the map shows, and the window
        answers, while they settle. Until placed, a label rides on its arrow's middle or
        where it was."""
        self._lines_pending.update(moved)
        self._settle_soon()

    def _settle_soon(self) -> None:
        """Settle what waits now if it is little, else a batch at a time between frames."""
        waiting = len(self._unindexed) + len(self._lines_pending) + len(self._labels_pending)
        if waiting <= LABELS_AT_ONCE:
            self._place_waiting_labels(None, crossed=False)
        else:
            self._label_timer.start()

    def settle_labels_now(self) -> None:
        """Place every label still waiting (before the map is drawn to a file, say)."""
        self._place_waiting_labels(None)

    @property
    def labels_settled(self) -> bool:
        return not any(self._waiting())

    def _waiting(self) -> tuple[dict, ...]:
        return (
            self._unindexed,
            self._lines_pending,
            self._lines_indexed,
            self._labels_pending,
            self._crossed,
        )

    def _place_waiting_labels(
        self, budget_s: float | None = LABEL_BATCH_S, crossed: bool = True
    ) -> None:
        """Settle what waits, in order, until the time is up: a new scene's lines indexed;
        the moved arrows' lines indexed; the new and moved arrows' labels placed; then
        (unless not ``crossed``: those wait for the next frame) which labels the moved lines
        now cross, and those labels placed again."""
        self.settling_labels = True
        try:
            self._settle_in_time(
                None if budget_s is None else time.perf_counter() + budget_s, crossed
            )
        finally:
            self.settling_labels = False
        if self.labels_settled:
            self.labelsSettled.emit()

    def _settle_in_time(self, deadline: float | None, crossed: bool) -> None:
        """The settling itself; ``settling_labels`` is set around it, so the far-out pictures
        draw the labels it moves once they are all settled."""

        def in_time() -> bool:
            return deadline is None or time.perf_counter() < deadline

        lines, indexed, labels = self._lines_pending, self._lines_indexed, self._labels_pending
        unindexed, others = self._unindexed, self._crossed
        while unindexed and in_time():  # a new scene's lines, before any of its labels
            self._labels.line_changed(unindexed.pop(next(iter(unindexed))))
        while not unindexed and lines and in_time():
            key = next(iter(lines))
            item, shift = lines.pop(key)
            self._labels.line_changed(item)
            if shift is not None:
                self._occupied.put(("handoff", key), item.label_rect)
            else:
                labels[key] = item
            indexed[key] = item
            self._shifts[key] = shift
        while not (unindexed or lines) and labels and in_time():
            self._labels.place(labels.pop(next(iter(labels))))
        while crossed and not (unindexed or lines or labels) and indexed and in_time():
            key = next(iter(indexed))
            item, shift = indexed.pop(key), self._shifts[key]
            for other in self._labels.labels_crossed_by(item):
                if shift is None or self._shifts.get(other.handoff_id) != shift:
                    others.setdefault(other.handoff_id, other)
        if not (unindexed or lines or indexed):
            self._shifts.clear()
        while crossed and not (lines or indexed or labels) and others and in_time():
            self._labels.place(others.pop(next(iter(others))))
        if unindexed or lines or indexed or labels or others:
            self._label_timer.start()

    def _refresh_stage(self, stage_id: str) -> None:
        stage = self.playbook.stage(stage_id)
        item = self.stage_items[stage_id]
        item.set_data(self._card_data(stage))
        self._place(item, stage)

    def _place(self, item: StageItem, stage: Stage, where: QPointF | None = None) -> None:
        item.setPos(self._card_origin(stage) if where is None else where)
        self._occupy(item)

    def _occupy(self, item: StageItem) -> None:
        self._occupied.put(("stage", item.stage_id), item.card_rect())

    def _card_origin(self, stage: Stage) -> QPointF:
        """Where the playbook puts the stage's card: its top left, in the scene."""
        left, top, _, _ = card_rect(self.grid, stage.phase, stage.lane, stage.x, stage.y)
        return QPointF(left, top)

    def _add_handoff_item(self, handoff_id: str) -> None:
        item = HandoffItem(handoff_id, self._arrow_data(handoff_id), self.style)
        item.hidden_under_card = self._under_a_card
        self.handoff_items[handoff_id] = item
        self._add_arrow(item)

    def _add_arrow(self, item: HandoffItem) -> None:
        if self._building:
            self._arrows_to_add.append(item)
        else:
            self.addItem(item)
            self._report_changes(item)

    def _report_changes(self, item: ReportingItem) -> None:
        """From now on the item tells the map's pictures what it repaints; while a new map is
        built, its items say nothing, and the whole map is reported once, when it is built."""
        if not self._building:
            item.on_dirty = self._item_dirty
            item.report()

    def _recycle_arrow(self, handoff) -> tuple | None:
        """Make (or drop) the arrow from a handoff's target back to where unreached leads
        go; (item, data, source card, target card) to route it by, if it is shown."""
        recycle_to = handoff.recycle_to
        shown = recycle_to is not None and (
            self.playbook.handoff_between(handoff.target, recycle_to) is None
            and recycle_to != handoff.target
        )
        item = self.recycle_items.get(handoff.id)
        if not shown:
            if item is not None:
                self._remove_item(self.recycle_items.pop(handoff.id))
            return None
        attempts = handoff.contact_attempts
        label = f"Not reached after {attempts} attempts" if attempts else "Not reached"
        data = HandoffArrowData(HandoffKind.RECYCLE, label, None)
        if item is None:
            item = HandoffItem(f"{handoff.id}{RECYCLE_SUFFIX}", data, self.style)
            item.setFlag(
                QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False
            )  # edited via its handoff
            item.hidden_under_card = self._under_a_card
            self.recycle_items[handoff.id] = item
            self._add_arrow(item)
        return item, data, self.card_rect(handoff.target), self.card_rect(recycle_to)

    def _under_a_card(self, rect: QRectF) -> bool:
        """Whether a repaint area lies wholly under one (opaque) card."""
        if rect.width() > CARD_WIDTH or rect.height() > CARD_HEIGHT:
            return False  # larger than any card: no need to look
        if self._held:
            return False  # the held cards are not indexed where they are until they land
        return self._occupied.inside_one(rect, "stage")

    def card_alone_over(self, rect: QRectF) -> StageItem | None:
        """The one card whose opaque inside covers ``rect``, if no other card reaches into it."""
        if rect.width() > CARD_WIDTH or rect.height() > CARD_HEIGHT:
            return None
        keys = self._occupied.touching(rect, "stage")
        if len(keys) != 1:
            return None
        item = self.stage_items.get(next(iter(keys))[1])
        if item is None or not item.mapRectToScene(item.opaque_rect()).contains(rect):
            return None
        return item

    def badge_obstacles(self, area: QRectF, own_stage: str) -> tuple[list[QRectF], list[QRectF]]:
        """What an overlay's badges beside ``own_stage``'s card should not cover in ``area``:
        the other cards, and the handoffs' labels with the phases' names."""
        cards = self._rects_touching(area, "stage", but=("stage", own_stage))
        labels = self._rects_touching(area, LABEL)
        labels.append(QRectF(-1e6, 0, 2e6, PHASE_HEADER_HEIGHT))  # the phases' names
        return cards, labels

    def _rects_touching(self, area: QRectF, kind: str, but: tuple = ()) -> list[QRectF]:
        """The rectangles of ``kind`` in the scene's index that overlap ``area``."""
        index = self._occupied
        found = []
        for key in index.touching(area, kind):
            if key != but:
                left, top, right, bottom = index.box(key)
                found.append(QRectF(left, top, right - left, bottom - top))
        return found

    def covers_a_card(self, rect: QRectF) -> bool:
        """Whether something laid at ``rect`` would cover part of a card."""
        return self._occupied.occupied(rect, kinds=("stage",))

    def _remove_item(self, item) -> None:
        if item is not None:
            item.report()
            if isinstance(item, StageItem):
                self._occupied.put(("stage", item.stage_id), None)
            else:
                self._labels.forget(item)
                for waiting in self._waiting():
                    waiting.pop(item.handoff_id, None)
            self.removeItem(item)

    def card_rect(self, stage_id: str) -> QRectF:
        item = self.stage_items.get(stage_id)
        if item is not None:
            return item.card_rect()
        stage = self.playbook.stage(stage_id)
        return QRectF(*card_rect(self.grid, stage.phase, stage.lane, stage.x, stage.y))

    def model_card_rect(self, stage_id: str) -> QRectF:
        """Where the model puts a card (a dragged card may be elsewhere for now)."""
        stage = self.playbook.stage(stage_id)
        return QRectF(*card_rect(self.grid, stage.phase, stage.lane, stage.x, stage.y))

    def hold_arrows(self, held: bool) -> None:
        """While cards glide together, hide the arrows instead of rerouting them each frame;
        they show again, already where the cards land, when let go."""
        self._arrows_held = held
        for item in [*self.handoff_items.values(), *self.recycle_items.values()]:
            item.setVisible(not held)

    def resync_positions(self, stage_ids) -> None:
        """Put cards back where the model says, e.g. after a drop the model refused; a card
        already there (the drop was made) is left be."""
        for stage_id in stage_ids:
            item = self.stage_items.get(stage_id)
            if item is None or not self.playbook.has_stage(stage_id):
                continue
            stage = self.playbook.stage(stage_id)
            where = self._card_origin(stage)
            if item.pos() != where:
                self._place(item, stage, where)

    def _relayout_grid(self, stage_ids=None) -> bool:
        """Recompute the grid (for ``stage_ids`` only, if given); True if it changed size."""
        playbook = self.playbook
        if stage_ids is None:
            grid = self._sizer.reset(playbook)
        else:
            grid = self._sizer.update(playbook, stage_ids)
        changed = grid != self.grid
        self.grid = grid
        self.grid_item.set_grid(
            grid,
            {p.id: p.name for p in playbook.phases},
            {lane.id: (lane.name, lane.color) for lane in playbook.lanes},
        )
        for column in grid.columns:
            self._occupied.put(("phase name", column.id), self.grid_item.phase_name_rect(column))
        self.setSceneRect(
            QRectF(0, 0, grid.width, grid.height).adjusted(
                -SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN
            )
        )
        return changed

    # -- what the items show ----------------------------------------------

    def _index_activity(self, activity_id: str, stage_id: str) -> None:
        self._activity_stage[activity_id] = stage_id
        self._stage_activities.setdefault(stage_id, set()).add(activity_id)

    def _card_data(self, stage: Stage) -> StageCardData:
        playbook = self.playbook
        activities = [playbook.activities[a] for a in self._stage_activities.get(stage.id, ())]
        accountable_ids = {
            role for a in activities for role, value in a.raci.items() if value is Raci.A
        }
        accountable = ", ".join(r.name for r in playbook.roles if r.id in accountable_ids)
        lane = playbook.lanes.get(stage.lane)
        return StageCardData(
            name=stage.name,
            team_color=lane.color if lane else "#888888",
            accountable=accountable,
            activity_count=len(activities),
            problems=tuple(self._problems.get(stage.id, ())),
            terminal_label=stage.kind.value.capitalize() if stage.kind.is_terminal else "",
            improvements=tuple(
                i.title
                for i in improvements_on(playbook, stage.id)
                if i.status in (ImprovementStatus.IDEA, ImprovementStatus.TESTING)
            ),
            projects=tuple(p.title for p in projects_on(playbook, stage.id)),
            stale=_stale_reason(stage, self.today()) if self.review_due_shown else "",
            drivers=self._pinned.get(stage.id, ()),
        )

    def _arrow_data(self, handoff_id: str) -> HandoffArrowData:
        handoff = self.playbook.handoff(handoff_id)
        return HandoffArrowData(handoff.kind, handoff.trigger, handoff.sla_hours)

    def _group_problems(self, problems: Iterable[Problem]) -> dict[str, list[str]]:
        """Problems per stage card: the stage's own, its activities', its outgoing handoffs',
        and those of the definitions that handoffs into it rely on."""
        playbook = self.playbook
        grouped: dict[str, list[str]] = {}
        relying: dict[str, list[str]] = {}
        for handoff in playbook.handoffs():
            if handoff.definition is not None:
                relying.setdefault(handoff.definition, []).append(handoff.target)
        for problem in problems:
            stage_ids: list[str] = []
            if problem.kind is Kind.STAGE:
                stage_ids = [problem.id]
            elif problem.kind is Kind.ACTIVITY and problem.id in playbook.activities:
                stage_ids = [playbook.activities[problem.id].stage]
            elif problem.kind is Kind.HANDOFF and _has_handoff(playbook, problem.id):
                stage_ids = [playbook.handoff(problem.id).source]
            elif problem.kind is Kind.DEFINITION:
                stage_ids = list(dict.fromkeys(relying.get(problem.id, ())))
            for stage_id in stage_ids:
                grouped.setdefault(stage_id, []).append(problem.message)
        return grouped

    # -- selection ------------------------------------------------------

    def selected_stage_ids(self) -> list[str]:
        """Selected stages that still exist (items of removed stages go a moment later)."""
        return [
            item.stage_id
            for item in self.selectedItems()
            if isinstance(item, StageItem) and self.playbook.has_stage(item.stage_id)
        ]

    def selected_stage_ids_in_order(self) -> list[str]:
        """Selected stages in the order the user picked them (for "connect A to B")."""
        selected = set(self.selected_stage_ids())
        ordered = [s for s in self._selection_order if s in selected]
        return ordered + sorted(selected - set(ordered))

    def select_stage(self, stage_id: str) -> None:
        self.clearSelection()
        item = self.stage_items.get(stage_id)
        if item is not None:
            item.setSelected(True)

    def selected_handoff_ids(self) -> list[str]:
        """Selected handoffs that still exist."""
        return [
            item.handoff_id
            for item in self.selectedItems()
            if isinstance(item, HandoffItem) and _has_handoff(self.playbook, item.handoff_id)
        ]

    def select_handoff(self, handoff_id: str) -> None:
        self.clearSelection()
        item = self.handoff_items.get(handoff_id)
        if item is not None:
            item.setSelected(True)

    def _emit_stage_selection(self) -> None:
        selected = self.selected_stage_ids()
        self._selection_order = [s for s in self._selection_order if s in selected] + [
            s for s in selected if s not in self._selection_order
        ]
        self.stageSelectionChanged.emit(selected)
        self.handoffSelectionChanged.emit(self.selected_handoff_ids())

    def set_editable(self, editable: bool) -> None:
        if editable != self.editable:
            self.editable = editable
            for item in self.stage_items.values():
                item.repaint_area()

    def show_review_due(self, shown: bool) -> None:
        """Show or hide the cards' "Review due" tags (a room does not need them)."""
        if shown == self.review_due_shown or self.playbook is None:
            self.review_due_shown = shown
            return
        self.review_due_shown = shown
        for stage_id, item in self.stage_items.items():
            item.set_data(self._card_data(self.playbook.stage(stage_id)))

    def set_style(self, style: MapStyle) -> None:
        self.style = style
        self.grid_item.set_style(style)
        for item in [*self.stage_items.values(), *self.handoff_items.values()]:
            item.set_style(style)


def _today() -> datetime.date:
    # date.today() imports the time module at each call, through PySide6's import hook: ten
    # times as long, a thousand times as a large map opens.
    return datetime.date.fromtimestamp(time.time())


def _stale_reason(stage: Stage, today: datetime.date) -> str:
    stale = staleness(stage, today)
    return stale.reason if stale is not None else ""


def _has_handoff(playbook: Playbook, handoff_id: str) -> bool:
    return playbook.has(Kind.HANDOFF, handoff_id)


def header_at(grid: MapGrid, x: float, y: float) -> tuple[Kind, str] | None:
    """The phase header or lane header under a scene point, if any."""
    if 0 <= y < PHASE_HEADER_HEIGHT:
        column = next((b for b in grid.columns if b.start <= x < b.end), None)
        return (Kind.PHASE, column.id) if column else None
    if 0 <= x < LANE_HEADER_WIDTH:
        row = next((b for b in grid.rows if b.start <= y < b.end), None)
        return (Kind.LANE, row.id) if row else None
    return None
