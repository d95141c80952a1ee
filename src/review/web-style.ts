/** The review page's style sheet (served as a file: the Content-Security-Policy allows no inline style). */
export const REVIEW_CSS = `
:root { --bg:#f7f7f5; --fg:#1d1d1b; --muted:#6b6b66; --line:#d9d8d3; --accent:#1f5fbf;
  --review:#ffe08a; --auto:#cfe8ff; --accepted:#bfe6c4; --rejected:#f4c2c2; --changed:#e3d2f7; --added:#a7e3d8; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background:var(--bg); color:var(--fg); }
header#top { display:flex; gap:1em; align-items:center; padding:6px 12px; background:#22303f; color:#fff; }
header#top #status { margin-left:auto; font-size:12px; opacity:.9; }
header#top button { background:#fff2; color:#fff; border:1px solid #fff5; border-radius:4px; cursor:pointer; }
main { height:calc(100vh - 36px); overflow:hidden; }
.filters { display:flex; flex-wrap:wrap; gap:8px; padding:8px 12px; border-bottom:1px solid var(--line); align-items:center; }
.filters label { font-size:12px; color:var(--muted); display:flex; gap:4px; align-items:center; }
.list { height:calc(100% - 90px); overflow:auto; }
table.work { width:100%; border-collapse:collapse; }
table.work th, table.work td { padding:4px 10px; border-bottom:1px solid var(--line); text-align:left; white-space:nowrap; }
table.work th { position:sticky; top:0; background:#ecebe6; font-weight:600; font-size:12px; }
table.work tr.current td { background:#dbe7fb; }
table.work tr { cursor:pointer; }
td.num, th.num { text-align:right; }
.pager { padding:6px 12px; display:flex; gap:8px; align-items:center; border-top:1px solid var(--line); }
.chip { display:inline-block; padding:0 6px; margin-right:3px; border-radius:9px; background:#e8e6df; font-size:11px; }
.state-done { color:#2d7a36; } .state-in_progress { color:#9a6a00; } .state-todo { color:var(--muted); }
.failed { color:#b3261e; font-weight:600; }
.chart { display:grid; grid-template-columns: minmax(0,1fr) 440px; height:100%; }
.text { overflow:auto; padding:12px 24px; background:#fff; border-right:1px solid var(--line); }
.page { white-space:pre-wrap; font:13px/1.5 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; margin-bottom:18px; }
.page-no { font:11px system-ui, sans-serif; color:var(--muted); border-bottom:1px dashed var(--line); margin:8px 0; }
mark { background:var(--auto); color:inherit; border-radius:2px; cursor:pointer; }
mark.review { background:var(--review); }
mark.accept { background:var(--accepted); } mark.reject { background:var(--rejected); text-decoration:line-through; }
mark.change { background:var(--changed); } mark.add { background:var(--added); }
mark.historical { border-bottom:2px dotted #7a5b00; } mark.family { border-bottom:2px dashed #6a2a8a; } mark.uncertain { border-bottom:2px solid #b3261e; }
mark.current { outline:2px solid var(--accent); }
mark.uncoded { background:none; color:#555; border-bottom:2px dotted #8a8a84; cursor:default; }
mark.uncoded.negated { text-decoration:line-through #8a8a84; }
.uncoded-list { padding:4px 12px; border-top:1px solid var(--line); font-size:12px; }
.uncoded-list h3 { font-size:12px; margin:4px 0; color:var(--muted); }
.uncoded-list .mention { padding:2px 0; cursor:pointer; color:#444; }
.rows { overflow:auto; padding:0; }
.rows h2 { font-size:14px; margin:8px 12px; }
.row { padding:6px 12px; border-bottom:1px solid var(--line); cursor:pointer; }
.row.current { background:#dbe7fb; box-shadow: inset 3px 0 var(--accent); }
.row .code { font-weight:700; font-family:ui-monospace, monospace; }
.row .meta { font-size:12px; color:var(--muted); }
.row .decision { font-size:12px; font-weight:600; }
.decision.accept { color:#2d7a36; } .decision.reject { color:#b3261e; } .decision.change { color:#6a2a8a; } .decision.add { color:#0b6e63; }
.badge { font-size:11px; padding:0 5px; border-radius:3px; background:#eee; margin-left:4px; }
.badge.review { background:var(--review); } .badge.auto { background:var(--auto); }
.keys { font-size:12px; color:var(--muted); padding:8px 12px; border-top:1px solid var(--line); }
kbd { font:11px ui-monospace, monospace; border:1px solid var(--line); border-bottom-width:2px; border-radius:3px; padding:0 4px; background:#fff; }
dialog { border:1px solid var(--line); border-radius:6px; padding:14px; min-width:420px; max-width:640px; }
dialog::backdrop { background:#0004; }
dialog ol, dialog ul { padding-left:20px; margin:6px 0; }
dialog li.current { background:#dbe7fb; }
dialog input[type=text], dialog textarea { width:100%; font:inherit; padding:4px; }
.error { color:#b3261e; }
.warning { margin:4px 12px; padding:6px 8px; background:#fff4d6; border:1px solid #e0b400; border-radius:4px; font-size:12px; }
.legend span { margin-right:8px; }
`;
