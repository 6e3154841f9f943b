"""The room's web server (aiohttp): the participant's page, and one WebSocket per phone that
carries its notes in and the room's changes out. Every address holds the room code; without
it a request gets a bare 404. The page is the app's own three files, sent with a
Content-Security-Policy that allows nothing from elsewhere and no inline script."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
from collections.abc import Callable
from typing import Any

from aiohttp import WSMsgType, web

from journeyapp.models.change import Change, Kind
from journeyapp.models.resource_files import resource_path
from journeyapp.models.room_notes import Guest
from journeyapp.room import Refused, Room

PAGE_FILES = {"": ("index.html", "text/html"), "room.js": ("room.js", "text/javascript"),
              "room.css": ("room.css", "text/css"),
              "icon.svg": ("icon.svg", "image/svg+xml")}  # fmt: skip
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _page_file(name: str) -> bytes:
    return resource_path("room", name).read_bytes()


class RoomServer:
    def __init__(
        self,
        room: Room,
        bind: str = "127.0.0.1",
        port: int = 0,
        on_guests: Callable[[], None] = lambda: None,
    ) -> None:
        self.room = room
        self.on_guests = on_guests  # called on the server's thread as phones come and go
        self.bind, self.port = bind, port
        self.sockets: dict[web.WebSocketResponse, Guest | None] = {}
        self._runner: web.AppRunner | None = None
        self._pages = {path: (_page_file(name), kind) for path, (name, kind) in PAGE_FILES.items()}

    # -- starting and stopping ---------------------------------------------------------

    async def start(self) -> str:
        """Serve the room; the address a phone joins at."""
        app = web.Application(middlewares=[_security_headers], client_max_size=64 * 1024)
        app.router.add_get("/room/{code}/", self._page)
        app.router.add_get("/room/{code}/{name:room\\.(?:js|css)|icon\\.svg}", self._page)
        app.router.add_get("/room/{code}/lobby", self._lobby)
        app.router.add_get("/room/{code}/ws", self._socket)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.bind, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return self.url

    @property
    def url(self) -> str:
        host = f"[{self.bind}]" if ":" in self.bind else self.bind
        return f"http://{host}:{self.port}/room/{self.room.code}/"

    async def close(self) -> None:
        """Close the room: every phone is told, then the server stops and the code expires.
        Closing a closed room does nothing."""
        if self._runner is None:
            return
        self.room.open = False
        await asyncio.gather(
            *(self._send(ws, {"type": "closed"}) for ws in list(self.sockets)),
            return_exceptions=True,
        )
        await asyncio.gather(
            *(asyncio.wait_for(ws.close(), 2) for ws in list(self.sockets)),
            return_exceptions=True,
        )  # a phone that does not answer the closing handshake is not waited for long
        runner, self._runner = self._runner, None
        await runner.cleanup()

    # -- what the facilitator does ------------------------------------------------------

    async def show_stage(self, stage_id: str | None) -> None:
        self.room.stage_id = stage_id
        await self.send_views()

    async def remove_guest(self, guest_id: str) -> None:
        self.room.remove(guest_id)
        for ws, guest in list(self.sockets.items()):
            if guest is not None and guest.id == guest_id:
                await self._send(ws, {"type": "removed"})
                await ws.close()

    def connected(self) -> list[Guest]:
        """The guests with a phone connected now, each once."""
        return list({g.id: g for g in self.sockets.values() if g is not None}.values())

    async def send_views(self) -> None:
        """Every phone's whole view of the room, after the stage or the room's settings
        changed."""
        sockets = [(ws, g) for ws, g in list(self.sockets.items()) if g is not None]
        views = await self.room.views([g for _, g in sockets])
        for ws, guest in sockets:
            await self._send(ws, {"type": "room", **views[guest.id]})

    # -- requests --------------------------------------------------------------------------

    def _known(self, request: web.Request) -> None:
        if not self.room.open or not hmac.compare_digest(
            request.match_info["code"].encode(), self.room.code.encode()
        ):
            raise web.HTTPNotFound(text="No room here.")

    async def _page(self, request: web.Request) -> web.Response:
        self._known(request)
        body, kind = self._pages[request.match_info.get("name", "")]
        return web.Response(body=body, content_type=kind, charset="utf-8")

    async def _lobby(self, request: web.Request) -> web.Response:
        self._known(request)
        return web.json_response(await self.room.lobby())

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        self._known(request)
        limit = self.room.limits.message_bytes
        ws = web.WebSocketResponse(heartbeat=20, max_msg_size=16 * limit)
        await ws.prepare(request)
        self.sockets[ws] = None
        try:
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    break
                await self._received(ws, message.data, limit)
        finally:
            self.sockets.pop(ws, None)
            self.on_guests()
        return ws

    async def _received(self, ws: web.WebSocketResponse, data: str, limit: int) -> None:
        if len(data.encode()) > limit:
            await self._send(ws, {"type": "refused", "message": "That is too long for the room."})
            return
        try:
            message = json.loads(data)
        except ValueError:
            message = None
        if not isinstance(message, dict):
            await self._send(ws, {"type": "refused", "message": "The room could not read that."})
            return
        guest = self.sockets.get(ws)
        try:
            if message.get("type") == "join":
                guest = await self.room.join(message)
                self.sockets[ws] = guest
                await self._send(ws, await self.room.welcome(guest))
                self.on_guests()
                return
            if guest is None:
                raise Refused("Join the room first.")
            change = await self.room.handle(guest, message)
        except Refused as refusal:
            reply: dict[str, Any] = {"type": "refused", "message": str(refusal)}
            if isinstance(message.get("id"), str):
                reply["id"] = message["id"]
            await self._send(ws, reply)
            return
        await self._send(ws, {"type": "ack", "id": message.get("id")})
        await self.broadcast(change)

    async def broadcast(self, change: Change) -> None:
        """Tell the phones what a change did: the notes changed, each phone's round, or (for
        a change to the map's stages) everything again. One message serves every phone that
        has no private note in it."""
        if not change:
            return
        if change.touches(Kind.STAGE):
            await self.send_views()
            return
        sockets = [(ws, g) for ws, g in list(self.sockets.items()) if g is not None]
        updates = await self.room.updates(change, [g for _, g in sockets])
        if change.touches(Kind.NOTE):
            common = json.dumps(
                {"type": "notes", "notes": updates["public"], "gone": updates["gone"]},
                ensure_ascii=False,
            )
            for ws, guest in sockets:
                own = updates["private"].get(guest.id)
                if own is None:
                    await _send_text(ws, common)
                else:
                    shown = {n["id"] for n in own}
                    gone = [i for i in updates["gone"] if i not in shown]
                    notes = {"type": "notes", "notes": updates["public"] + own, "gone": gone}
                    await self._send(ws, notes)
        for ws, guest in sockets:
            if guest.id in updates["rounds"]:
                await self._send(ws, {"type": "round", "round": updates["rounds"][guest.id]})

    @staticmethod
    async def _send(ws: web.WebSocketResponse, message: dict[str, Any]) -> None:
        await _send_text(ws, json.dumps(message, ensure_ascii=False))


async def _send_text(ws: web.WebSocketResponse, text: str) -> None:
    """Send unless the phone has gone; a phone that drops mid-send is not the room's error."""
    if not ws.closed:
        with contextlib.suppress(ConnectionError):
            await ws.send_str(text)


@web.middleware
async def _security_headers(request: web.Request, handler):
    try:
        response = await handler(request)
    except web.HTTPException as refusal:
        response = refusal
    if not response.prepared:  # a WebSocket has sent its headers already
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
    if isinstance(response, web.HTTPException):
        raise response
    return response
