/** The page's HTML: a shell the script fills from `/api/usage/views`; and the sign-in page. */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Coding agents: usage · otlp-delta</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/static/uPlot.min.css">
<link rel="stylesheet" href="/dashboard/static/app.css">
</head>
<body>
<header>
  <h1>Coding agents: usage</h1>
  <form id="filters" autocomplete="off">
    <label>Range <select name="range">
      <option value="">all time</option><option value="7">last 7 days</option><option value="30">last 30 days</option><option value="custom">custom</option>
    </select></label>
    <label>From <input type="date" name="from"></label>
    <label>To <input type="date" name="to"></label>
    <label>Agent <select name="agent"><option value="">all</option></select></label>
    <label>User <select name="user"><option value="">all</option></select></label>
    <label>Model <select name="model"><option value="">all</option></select></label>
    <label>Team <select name="team"><option value="">all</option></select></label>
    <button type="submit">Apply</button>
    <span id="status" role="status"></span>
  </form>
  <nav id="nav"></nav>
</header>
<main id="main"></main>
<footer>Cost marked <em>estimated</em> comes from the price list, not from the agent. Data: every v1 table under the data directory.</footer>
<script src="/dashboard/static/uPlot.iife.min.js"></script>
<script src="/dashboard/static/app.js"></script>
</body>
</html>
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page a browser gets without a valid token: it asks for one once and keeps it in a cookie. */
export function signInHtml(problem: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Sign in · otlp-delta dashboard</title><link rel="stylesheet" href="/dashboard/static/app.css"></head>
<body class="signin">
<form id="signin">
  <h1>otlp-delta dashboard</h1>
  <p>${escapeHtml(problem)}</p>
  <label>Token <input type="password" name="token" required autofocus></label>
  <button type="submit">Open the dashboard</button>
</form>
<script src="/dashboard/static/signin.js"></script>
</body>
</html>
`;
}

/** Stores the token as a same-site cookie for the dashboard's paths, then reloads. */
export const SIGNIN_JS = `document.getElementById('signin').addEventListener('submit', function (e) {
  e.preventDefault();
  var token = e.target.elements.token.value.trim();
  var secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = 'otlp_delta_token=' + encodeURIComponent(token) + '; Path=/; SameSite=Strict' + secure;
  location.reload();
});
`;
