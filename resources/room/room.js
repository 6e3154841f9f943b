// The participant's page. Everything shown is set as text, never as markup. Notes the room
// has not acknowledged are kept in this phone's storage under ids it made, and sent again
// after a reconnection: the room takes each id once.
"use strict";

const base = location.pathname.replace(/[^/]*$/, "");
const store = window.localStorage;
const key = (name) => "journeyapp-room:" + base + ":" + name;
const $ = (id) => document.getElementById(id);

function newId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function load(name, fallback) {
  try {
    const value = JSON.parse(store.getItem(key(name)));
    return value === null ? fallback : value;
  } catch (error) {
    return fallback;
  }
}

function save(name, value) {
  store.setItem(key(name), JSON.stringify(value));
}

const me = load("me", { guest: newId(), name: "", team: "" });
let pending = load("pending", {}); // id -> the message, until the room acknowledges it
let socket = null;
let joined = false;
let closed = false;
let retry = 1000;

function show(section) {
  for (const id of ["join", "room", "closed"]) $(id).hidden = id !== section;
}

function banner(text) {
  const box = $("banner");
  box.textContent = text || "";
  box.hidden = !text;
}

function status(text, offline) {
  $("status").textContent = text;
  $("status").classList.toggle("offline", Boolean(offline));
}

async function lobby() {
  const answer = await fetch(base + "lobby", { cache: "no-store" });
  if (!answer.ok) {
    banner("This room is not open. Ask the facilitator for the address again.");
    return;
  }
  const room = await answer.json();
  const choice = $("join-team");
  choice.replaceChildren();
  for (const team of room.teams) {
    const option = document.createElement("option");
    option.value = team;
    option.textContent = team;
    choice.append(option);
  }
  if (room.teams.includes(me.team)) choice.value = me.team;
  $("join-name").value = me.name;
  $("join-hint").textContent = room.anonymous
    ? "You may leave your name out and join anonymously."
    : "The facilitator asks everyone to give a name.";
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  socket = new WebSocket(scheme + location.host + base + "ws");
  status("Connecting…");
  socket.addEventListener("open", () => {
    retry = 1000;
    socket.send(JSON.stringify({ type: "join", guest: me.guest, name: me.name, team: me.team }));
  });
  socket.addEventListener("message", (event) => received(JSON.parse(event.data)));
  socket.addEventListener("close", () => {
    socket = null;
    if (closed) return;
    status("Offline: reconnecting…", true);
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 10000);
  });
}

function send(message) {
  // Taking a dot back is not sent again after a reconnection: it is not safe to repeat.
  if (message.type !== "undot") {
    pending[message.id] = message;
    save("pending", pending);
  }
  if (socket && socket.readyState === WebSocket.OPEN && joined) socket.send(JSON.stringify(message));
  render();
}

function received(message) {
  switch (message.type) {
    case "joined":
      joined = true;
      myTag = message.me;
      banner("");
      show("room");
      $("who").textContent = (message.name || "Anonymous") + " · " + message.team;
      status("Connected");
      room(message);
      for (const waiting of Object.values(pending)) socket.send(JSON.stringify(waiting));
      break;
    case "room":
      room(message);
      break;
    case "notes":
      for (const note of message.notes) notes.set(note.id, note);
      for (const id of message.gone) notes.delete(id);
      render();
      break;
    case "round":
      latest.round = message.round;
      showRound(message.round);
      break;
    case "ack":
      delete pending[message.id];
      save("pending", pending);
      render();
      break;
    case "refused":
      if (message.id && pending[message.id]) {
        const refused = pending[message.id];
        // A note the room turned down goes back in the field, to be sent again later.
        if (refused.type === "note" && !$("note-text").value) $("note-text").value = refused.text;
        delete pending[message.id];
        save("pending", pending);
      }
      banner(message.message);
      if (!joined) show("join");
      render();
      break;
    case "removed":
    case "closed":
      closed = true;
      if (socket) socket.close();
      show("closed");
      if (message.type === "removed") banner("The facilitator has asked you to leave this room.");
      break;
  }
}

let latest = { stage: null, round: null, private: false };
let notes = new Map(); // id -> note, as the room last said
let myTag = "";

function room(view) {
  latest = view;
  notes = new Map(view.notes.map((note) => [note.id, note]));
  const stage = view.stage;
  $("stage-name").textContent = stage ? stage.name : "Waiting for the facilitator";
  $("stage-team").textContent = stage ? stage.team : "";
  $("stage").hidden = !stage;
  $("stage-description").textContent = stage ? stage.description : "";
  const facts = $("stage-facts");
  facts.replaceChildren();
  if (stage) {
    for (const [term, text] of [["The buyer's goal", stage.buyer_goal], ["Entry criteria", stage.entry_criteria], ["Exit criteria", stage.exit_criteria]]) {
      if (!text) continue;
      const dt = document.createElement("dt");
      dt.textContent = term;
      const dd = document.createElement("dd");
      dd.textContent = text;
      facts.append(dt, dd);
    }
  }
  const activities = $("stage-activities");
  activities.replaceChildren();
  for (const name of stage ? stage.activities : []) {
    const item = document.createElement("li");
    item.textContent = name;
    activities.append(item);
  }
  $("note-stage").disabled = !stage;
  $("private-hint").hidden = !view.private;
  showRound(view.round);
  showTimer(view.timer);
  render();
}

function showRound(round) {
  const open = Boolean(round && round.open);
  $("vote").hidden = !open;
  $("results").hidden = !(round && !round.open && round.results);
  if (open) {
    $("vote-left").textContent = round.left + " of " + round.dots_each + " dots left";
    const list = $("vote-targets");
    list.replaceChildren();
    for (const target of round.targets) {
      const item = document.createElement("li");
      const text = document.createElement("span");
      text.className = "vote-text";
      text.textContent = target.text;
      const less = document.createElement("button");
      less.type = "button";
      less.className = "secondary";
      less.textContent = "−";
      less.setAttribute("aria-label", "Take a dot back from: " + target.text);
      less.disabled = target.mine === 0;
      less.addEventListener("click", () => send({ type: "undot", id: newId(), target: target.target }));
      const mine = document.createElement("span");
      mine.className = "vote-mine";
      mine.textContent = "●".repeat(target.mine) || "0";
      const more = document.createElement("button");
      more.type = "button";
      more.textContent = "+";
      more.setAttribute("aria-label", "Place a dot on: " + target.text);
      more.disabled = round.left === 0;
      more.addEventListener("click", () => send({ type: "dot", id: newId(), target: target.target }));
      item.append(text, less, mine, more);
      list.append(item);
    }
  } else if (round && round.results) {
    const box = $("results-teams");
    box.replaceChildren();
    const teams = round.results.length ? round.results[0].by_team.map((pair) => pair[0]) : [];
    for (const team of teams) {
      const ranked = round.results
        .map((r) => [r.by_team.find((pair) => pair[0] === team)[1], r.text])
        .filter((pair) => pair[0] > 0)
        .sort((a, b) => b[0] - a[0]);
      if (!ranked.length) continue;
      const block = document.createElement("div");
      block.className = "team";
      const heading = document.createElement("h3");
      heading.textContent = team;
      const list = document.createElement("ol");
      list.className = "team-list";
      for (const [dots, text] of ranked.slice(0, 3)) {
        const item = document.createElement("li");
        item.textContent = text + " (" + dots + ")";
        list.append(item);
      }
      block.append(heading, list);
      box.append(block);
    }
  }
}

let timer = null;

function showTimer(state) {
  clearInterval(timer);
  const face = $("timer");
  if (!state || state.left === null) {
    face.hidden = true;
    return;
  }
  face.hidden = false;
  const ends = Date.now() + state.left * 1000;
  const tick = () => {
    const left = state.running ? Math.max(0, Math.ceil((ends - Date.now()) / 1000)) : state.left;
    face.textContent = left > 0 ? Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0") : "Time";
    face.classList.toggle("up", left <= 0);
  };
  tick();
  if (state.running) timer = setInterval(tick, 250);
}

function render() {
  const list = $("notes");
  list.replaceChildren();
  const all = Array.from(notes.values());
  for (const note of all) {
    note.mine = myTag !== "" && note.owner === myTag;
    note.client = note.id.replace(/^note-room-/, "");
  }
  const sent = new Set(all.filter((n) => n.mine).map((n) => n.client));
  const waiting = Object.values(pending).filter((m) => m.type === "note" && !sent.has(m.id));
  for (const message of waiting) list.append(noteItem({ text: message.text, mine: true, open: false }, "Sending…"));
  // Your own notes first, so a note just sent is in sight; then the room's, newest first.
  const ordered = all.filter((n) => n.mine).concat(all.filter((n) => !n.mine).reverse());
  for (const note of ordered) {
    const state = pending[note.client] ? "Sending…" : note.mine ? (note.private ? "Saved · private" : "Saved") : "";
    list.append(noteItem(note, state));
  }
  const left = 280 - $("note-text").value.length;
  $("note-left").textContent = left + " characters left";
}

function noteItem(note, state) {
  const item = document.createElement("li");
  if (note.mine) item.classList.add("mine");
  const text = document.createElement("p");
  text.className = "note-text";
  text.textContent = note.text;
  const meta = document.createElement("p");
  meta.className = "note-meta";
  const where = note.stage ? " · " + note.stage : "";
  const who = note.mine ? "You" : (note.author || "Anonymous") + (note.team ? " (" + note.team + ")" : "");
  meta.textContent = who + where + (state ? " · " + state : "");
  item.append(text, meta);
  if (note.mine && note.open) {
    const actions = document.createElement("div");
    actions.className = "row note-actions";
    const change = document.createElement("button");
    change.type = "button";
    change.className = "secondary";
    change.textContent = "Change";
    change.addEventListener("click", () => editNote(item, note));
    const withdraw = document.createElement("button");
    withdraw.type = "button";
    withdraw.className = "secondary";
    withdraw.textContent = "Withdraw";
    withdraw.addEventListener("click", () => send({ type: "withdraw", id: note.client }));
    actions.append(change, withdraw);
    item.append(actions);
  }
  return item;
}

function editNote(item, note) {
  const field = document.createElement("textarea");
  field.maxLength = 280;
  field.rows = 3;
  field.value = note.text;
  field.setAttribute("aria-label", "Change your note");
  const done = document.createElement("button");
  done.type = "button";
  done.textContent = "Save the change";
  done.addEventListener("click", () => {
    send({ type: "change", id: note.client, text: field.value });
  });
  item.replaceChildren(field, done);
  field.focus();
}

function post(where) {
  const text = $("note-text").value.trim();
  if (!text) {
    banner("Write your idea first.");
    return;
  }
  banner("");
  send({ type: "note", id: newId(), text, where });
  $("note-text").value = "";
  render();
}

$("join-button").addEventListener("click", () => {
  me.name = $("join-name").value.trim();
  me.team = $("join-team").value;
  save("me", me);
  if (socket) socket.close();
  else connect();
});
$("note-stage").addEventListener("click", () => post("stage"));
$("note-board").addEventListener("click", () => post("board"));
$("note-text").addEventListener("input", render);
$("note-form").addEventListener("submit", (event) => event.preventDefault());

lobby().then(() => {
  if (me.team) connect(); // a phone that joined before goes straight back in
});
