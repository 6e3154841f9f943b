"""The web playbook's style: readable at any zoom, dark when the reader's system is, and
printed on white with each stage on its own page."""

STYLESHEET = """
:root {
  color-scheme: light dark;
  --paper: #ffffff; --ink: #1b1f27; --muted: #5b6472; --rule: #d5d9e0;
  --band: #f4f5f8; --link: #1f5fa8; --head: #e9ecf1;
  --raci-a: #3730a3; --raci-r: #dde1fb; --raci-r-ink: #312e81; --low: #b42318;
  --added: #067647;
}
@media (prefers-color-scheme: dark) {
  :root {
    --paper: #15181e; --ink: #e6e8ec; --muted: #a3abb8; --rule: #3a404c;
    --band: #1d2129; --link: #8db8ff; --head: #262b35;
    --raci-a: #5b5bd6; --raci-r: #2c3060; --raci-r-ink: #d3d8ff; --low: #ff8a7a;
    --added: #6ce0a6;
  }
}
* { box-sizing: border-box; }
html { background: var(--paper); color: var(--ink); }
body {
  margin: 0; padding: 1.5rem 1.25rem 4rem;
  font: 1rem/1.55 "DejaVu Sans", Verdana, system-ui, sans-serif;
  overflow-wrap: break-word;
}
/* Text keeps a readable measure; the map alone may use the window's whole width. */
body > header, body > nav, body > footer, main > section > :not(figure) {
  max-width: 60rem; margin-inline: auto;
}
a { color: var(--link); overflow-wrap: anywhere; }  /* a long address wraps, not the page */
h1 { font-size: 2.2rem; line-height: 1.2; margin: 0.2em 0; }
h2 { font-size: 1.6rem; margin: 2.5rem 0 0.75rem; padding-bottom: 0.25rem;
     border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.3rem; margin: 2rem 0 0.5rem; }
h4 { font-size: 1.05rem; margin: 1.25rem 0 0.4rem; }
.muted, .sub { color: var(--muted); }
/* The revision history's words: removed struck through, added underlined (colour is a hint). */
del { color: var(--low); }
ins { color: var(--added); }
li.words { list-style: none; font-size: 0.92rem; }
/* A feedback share under the mark: bold and red, so it shows in greyscale print too. */
.low { color: var(--low); white-space: nowrap; }
.sub { font-size: 1.15rem; margin: 0.2rem 0; }
.cover { padding: 1rem 0 0.5rem; }
.logo { max-height: 4rem; max-width: 16rem; }
.chip { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 0.2em;
        margin-right: 0.4em; vertical-align: -0.1em;
        forced-color-adjust: none; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
nav ol { padding-left: 1.5rem; }
nav ol ol { columns: 2 16rem; }
dl { margin: 0.5rem 0; }
dt { font-weight: bold; color: var(--muted); font-size: 0.9rem; margin-top: 0.75rem; }
dd { margin: 0.15rem 0 0; }
.stage { border-top: 1px solid var(--rule); margin-top: 2.5rem; }
h2 + .stage { border-top: none; margin-top: 0; }
.stage h3 { margin-top: 1rem; border-left: 0.4rem solid var(--team, var(--rule));
            padding-left: 0.6rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; width: 100%; font-size: 0.92rem; }
th, td { border: 1px solid var(--rule); padding: 0.35rem 0.5rem; text-align: left;
         vertical-align: top; }
thead th { background: var(--head); }
tbody th { font-weight: normal; }
td.letter { text-align: center; font-weight: bold; }
abbr { text-decoration: none; }
/* Each letter its own look, told apart in greyscale too: A filled, R tinted, C plain, I grey. */
.raci-A, .raci-R { display: inline-block; min-width: 1.7em; border-radius: 0.25em;
                   print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.raci-A { background: var(--raci-a); color: #ffffff; }
.raci-R { background: var(--raci-r); color: var(--raci-r-ink); }
.raci-C { color: var(--ink); font-weight: normal; }
.raci-I { color: var(--muted); font-weight: normal; }
table.raci tbody + tbody { border-top: 2px solid var(--muted); }
td ul { margin: 0 0 0.25rem; padding-left: 1.1rem; }
tbody.band > tr > * { background: var(--band); }
figure.map-figure { margin: 1rem 0; }
.map-scroll { overflow-x: auto; border: 1px solid var(--rule); border-radius: 0.4rem;
              background: #ffffff; }
svg.map { display: block; width: 100%; height: auto; margin-inline: auto; }
svg.map a:hover rect, svg.map a:focus rect { stroke: #1f5fa8; stroke-width: 4; }
figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 0.4rem; }
.legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; padding: 0; list-style: none; }
.back { font-size: 0.9rem; }
.signoffs { margin-top: 1.5rem; }
.signoffs caption { text-align: left; font-weight: bold; color: var(--muted); }
.role { border-top: 1px solid var(--rule); margin-top: 2rem; }
.role ul { padding-left: 1.2rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.85rem; }
@page { margin: 16mm 14mm; }
@page wide { size: landscape; }
@media print {
  :root { --paper: #ffffff; --ink: #000000; --muted: #444a55; --rule: #b8bec8;
          --band: #f1f2f5; --link: #000000; --head: #e9ecf1; --low: #b42318;
          color-scheme: light; }
  body { padding: 0; font-size: 10.5pt; }
  body > header, body > nav, body > footer, main > section > :not(figure) { max-width: none; }
  h2, h3, h4 { break-after: avoid; }
  tr, dd, li { break-inside: avoid; }
  #map, #handoffs, #raci { page: wide; }
  table { font-size: 8.5pt; }
  .map-scroll { overflow: visible; border: none; max-width: none !important; }
  svg.map { min-width: 0 !important; max-width: 100% !important; }
  .stage { break-before: page; border-top: none; margin-top: 0; }
  .role { break-inside: avoid; }
  h2 + .stage { break-before: auto; }
  .scroll { overflow: visible; }
  /* Paper cannot scroll: a long word breaks in its cell rather than shrink every page. */
  th, td { overflow-wrap: anywhere; }
  .back { display: none; }
  a { text-decoration: none; }
  a.target::after {
    content: " (" attr(href) ")"; font-size: 0.85em; color: var(--muted);
  }
}
"""
