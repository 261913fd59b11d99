/** The page's stylesheet. */
export const APP_CSS = `
:root { --fg: #1d2330; --muted: #5d6575; --line: #dde1e8; --bg: #f6f7f9; --card: #fff; --accent: #2f6fde; --bad: #c2412d; --good: #1e8a4c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { position: sticky; top: 0; z-index: 5; background: var(--card); border-bottom: 1px solid var(--line); padding: 10px 20px 0; }
h1 { font-size: 18px; margin: 0 0 8px; }
form#filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; }
form#filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
form#filters select, form#filters input { font: inherit; padding: 3px 4px; min-width: 110px; max-width: 220px; }
button { font: inherit; padding: 4px 12px; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
#status { color: var(--muted); font-size: 12px; }
#status.error { color: var(--bad); }
nav { display: flex; gap: 16px; padding: 8px 0; overflow-x: auto; }
nav a { color: var(--accent); text-decoration: none; white-space: nowrap; }
main { padding: 10px 20px 30px; }
section.page > h2 { font-size: 16px; margin: 22px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 14px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; min-width: 0; }
.card h3 { font-size: 14px; margin: 0 0 2px; }
.card p.desc { margin: 0 0 8px; color: var(--muted); font-size: 12px; }
.card .error { color: var(--bad); }
.card .empty { color: var(--muted); font-style: italic; }
.tablewrap { max-height: 340px; overflow: auto; }
table { border-collapse: collapse; width: 100%; font-size: 12px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { position: sticky; top: 0; background: #eef1f5; font-weight: 600; }
td.num { text-align: right; }
tr.pick { cursor: pointer; }
tr.pick:hover, tr.picked { background: #eaf1fd; }
.up { color: var(--bad); } .down { color: var(--good); }
.counters { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 14px; }
.counter { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 150px; }
.counter .label { color: var(--muted); font-size: 12px; }
.counter .value { font-size: 22px; font-weight: 600; }
.est { font-size: 11px; color: #8a5a00; background: #fff4d6; border-radius: 3px; padding: 0 4px; margin-left: 4px; }
footer { color: var(--muted); font-size: 12px; padding: 0 20px 20px; }
body.signin { display: grid; place-items: center; min-height: 100vh; }
form#signin { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 20px; display: flex; flex-direction: column; gap: 10px; width: 360px; }
form#signin input { font: inherit; width: 100%; padding: 4px; }
`;
