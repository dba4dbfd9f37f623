const app = document.getElementById('app');
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
const state = { verdict: '', status: '', page: 0 };
let refresh = null;
let info = {};

// Times as the viewer reads them: their own zone, to the second.
const when = iso => iso ? new Date(iso).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric',
  hour: '2-digit', minute: '2-digit', second: '2-digit' }) : '';

// Slack's mrkdwn as Slack shows it: escaped first, then mentions by name, links, dates, bold, italics and code.
function mrkdwn(text, names) {
  return esc(text)
    .replace(/&lt;@([UW][A-Z0-9]+)&gt;/g, (m, id) => `<b class="mention">${esc(names[id] || '@' + id)}</b>`)
    .replace(/&lt;#([CG][A-Z0-9]+)(?:\|[^&]*)?&gt;/g, (m, id) => `<b class="mention">${esc(names[id] || '#' + id)}</b>`)
    .replace(/&lt;!date\^(\d+)\^[^|]*\|[^&]*&gt;/g, (m, epoch) => esc(when(new Date(Number(epoch) * 1000).toISOString())))
    .replace(/&lt;(https?:\/\/[^|&\s]+)\|([^&]*)&gt;/g, (m, url, label) => `<a href="${url}" rel="noopener noreferrer">${label}</a>`)
    .replace(/&lt;(https?:\/\/[^|&\s]+)&gt;/g, (m, url) => `<a href="${url}" rel="noopener noreferrer">${url}</a>`)
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>')
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/\n/g, '<br>');
}

async function getJson(url) {
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.status);
  return body;
}

async function showList() {
  const q = new URLSearchParams({ verdict: state.verdict, status: state.status, page: state.page, size: 25 });
  const data = await getJson('/api/executions?' + q);
  const opt = (v, cur) => `<option value="${v}" ${v === cur ? 'selected' : ''}>${v || 'all'}</option>`;
  app.innerHTML = `
    <h2>Executions</h2>
    <label>Verdict <select id="verdict-filter">${['', 'REMOVE', 'REVIEW', 'ALLOW'].map(v => opt(v, state.verdict)).join('')}</select></label>
    <label>Status <select id="status-filter">${['', 'RUNNING', 'SUCCEEDED', 'FAILED'].map(v => opt(v, state.status)).join('')}</select></label>
    <span id="total" class="muted">${data.total} execution(s)</span>
    <table id="executions"><thead><tr><th>Started</th><th>Channel</th><th>Poster</th><th>Files</th><th>Verdict</th>
      <th>Top labels</th><th>Detector</th><th>Duration</th><th>Status</th></tr></thead><tbody>
    ${data.items.map(e => `<tr class="execution" data-name="${esc(e.name)}">
      <td>${esc(when(e.startDate))}</td><td title="${esc(e.channelId)}">${esc(e.channelName || e.channelId)}</td>
      <td title="${esc(e.userId)}">${esc(e.userName || e.userId)}</td>
      <td>${e.files.map(f => esc(f.name || f.id)).join('<br>')}</td>
      <td class="verdict ${esc(e.verdict)}">${esc(e.verdict || '—')}</td>
      <td>${e.topLabels.map(l => esc(l.name) + ' ' + l.confidence + '%').join('<br>')}</td>
      <td>${esc(e.detector || '')}</td><td>${e.durationMs == null ? '' : e.durationMs + ' ms'}</td>
      <td class="status ${esc(e.status)}">${esc(e.status)}</td></tr>`).join('')}
    </tbody></table>
    <button id="prev" ${state.page === 0 ? 'disabled' : ''}>Previous</button>
    <span>page ${state.page + 1} of ${Math.max(1, Math.ceil(data.total / data.size))}</span>
    <button id="next" ${(state.page + 1) * data.size >= data.total ? 'disabled' : ''}>Next</button>
    <div id="demo-slack"></div>`;
  document.getElementById('verdict-filter').onchange = e => { state.verdict = e.target.value; state.page = 0; showList(); };
  document.getElementById('status-filter').onchange = e => { state.status = e.target.value; state.page = 0; showList(); };
  document.getElementById('prev').onclick = () => { state.page--; showList(); };
  document.getElementById('next').onclick = () => { state.page++; showList(); };
  app.querySelectorAll('tr.execution').forEach(tr => tr.onclick = () => location.hash = 'execution/' + encodeURIComponent(tr.dataset.name));
  if (info.mode === 'DEMO') showDemoSlack();
  // While nothing has arrived yet or something is still running, look again in a few seconds.
  clearTimeout(refresh);
  if (data.total === 0 || data.items.some(e => e.status === 'RUNNING')) {
    refresh = setTimeout(() => { if (!location.hash.startsWith('#execution/')) showList(); }, 3000);
  }
}

// Who the demo's buttons click as: a moderator for the reports, the poster for "Ask for a review".
const DEMO_CLICKERS = [['U0ADMIN001', 'alex-admin (workspace admin)'], ['U0MODER001', 'mo-moderator (in #moderators)'],
  ['U0POSTER01', 'pat-poster (the poster)']];

async function showDemoSlack() {
  const s = await getJson('/api/demo/slack');
  const panel = document.getElementById('demo-slack');
  panel.innerHTML = `<h2>The emulated Slack workspace (demo)</h2>
    <p>Buttons click as <select id="demo-clicker">${DEMO_CLICKERS.map(([id, label]) =>
      `<option value="${esc(id)}">${esc(label)}</option>`).join('')}</select>; the emulator delivers the click as Slack would.</p>` +
    s.channels.map(c => `<h3>${c.im ? '' : '#'}${esc(c.name)}</h3><ul>${c.messages.map(m =>
      `<li><b>${esc(m.user)}</b>: <span class="mrkdwn">${mrkdwn(m.text, s.names || {})}</span> ${m.files.map(f => `<i>[${esc(f.name)}${f.deleted ? ' — deleted' : ''}]</i>`).join(' ')}
       ${(m.buttons || []).map(b => `<button class="demo-click" data-channel="${esc(c.id)}" data-ts="${esc(m.ts)}"
         data-action="${esc(b.actionId)}">${esc(b.text)}</button>`).join(' ')}</li>`).join('')
      || '<li class="muted">no messages</li>'}</ul>`).join('');
  panel.querySelectorAll('button.demo-click').forEach(b => b.onclick = async () => {
    const r = await fetch('/api/demo/click', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: info.token, channel: b.dataset.channel, ts: b.dataset.ts, actionId: b.dataset.action,
        user: document.getElementById('demo-clicker').value }) });
    if (!r.ok) { alert((await r.json()).error); }
    setTimeout(showDemoSlack, 1500);
  });
}

async function showExecution(name) {
  clearTimeout(refresh);
  const e = await getJson('/api/executions/' + encodeURIComponent(name));
  const base = '/api/executions/' + encodeURIComponent(e.name) + '/files/';
  app.innerHTML = `
    <p><a href="#">← all executions</a></p>
    <h2 id="execution-name">${esc(e.name)}</h2>
    <p>Status <b class="status ${esc(e.status)}">${esc(e.status)}</b> · verdict <b class="verdict ${esc(e.verdict)}">${esc(e.verdict || '—')}</b>
      · channel ${esc(e.channelName || e.channelId)} · poster ${esc(e.userName || e.userId)} · detector ${esc(e.detector || '—')}
      · ${e.durationMs == null ? 'running' : e.durationMs + ' ms'}</p>
    ${e.error ? `<p class="error">${esc(e.error)}: ${esc(e.cause)}</p>` : ''}
    <h3>Policy rules that fired</h3>
    <table id="rules"><thead><tr><th>File</th><th>Label</th><th>Confidence</th><th>Threshold</th><th>Of label</th><th>Action</th><th>Scope</th></tr></thead><tbody>
    ${e.rules.map(r => `<tr><td>${esc(r.fileId)}</td><td>${esc(r.label)}</td><td>${Number(r.confidence).toFixed(1)}%</td><td>${esc(r.threshold)}</td>
      <td>${esc(r.thresholdLabel)}</td><td class="${esc(r.action)}">${esc(r.action)}</td><td>${esc(r.scope)}</td></tr>`).join('')
      || '<tr><td colspan="7" class="muted">none</td></tr>'}</tbody></table>
    <h3>Remembered</h3>
    <table id="remembered"><thead><tr><th>File</th><th>From</th><th>Why</th></tr></thead><tbody>
    ${(e.remembered || []).map(r => `<tr><td>${esc(r.fileId)}</td><td>${esc(r.source)}</td><td>${mrkdwn(r.rule, e.names || {})}</td></tr>`).join('')
      || '<tr><td colspan="3" class="muted">nothing: the detector decided</td></tr>'}</tbody></table>
    <h3>Quarantined images</h3>
    ${e.quarantined.map(q => `<div class="quarantine" data-file="${esc(q.fileId)}">
      <img class="blurred" alt="blurred preview of ${esc(q.fileId)}" src="${base + encodeURIComponent(q.fileId)}/preview">
      <div>${esc(q.fileId)}</div>
      <input class="moderator" placeholder="your name"> <input class="reason" placeholder="why you need to see it">
      <button class="reveal">Reveal (logged)</button><div class="reveal-error error"></div></div>`).join('') || '<p class="muted">none</p>'}
    <h3>Decide</h3>
    <div id="decide">${(e.reviews.offered.length ? `<input class="decider" placeholder="your name (recorded)">
      ${e.reviews.offered.map(o => `<button class="decision" data-action="${esc(o.action)}">${esc(o.label)}</button>`).join(' ')}
      <div class="decide-error error"></div>` : '<p class="muted">no decision to make</p>')}
    <table id="decisions"><tbody>${e.reviews.taken.map(r => `<tr><td>${esc(when(r.startDate))}</td><td>${esc(r.actor)}</td><td>${esc(r.action)}</td>
      <td>${esc(r.via)}</td><td class="review-status ${esc(r.status)}">${esc(r.status)}</td><td class="review-outcome">${esc(r.outcome || '')}</td></tr>`).join('')
      || '<tr><td class="muted">no decision yet</td></tr>'}</tbody></table></div>
    <h3>Reveals</h3>
    <table id="reveals"><tbody>${e.reveals.map(r => `<tr><td>${esc(when(r.time))}</td><td>${esc(r.moderator)}</td><td>${esc(r.fileId)}</td><td>${esc(r.reason)}</td></tr>`).join('')
      || '<tr><td class="muted">none</td></tr>'}</tbody></table>
    <h3>Slack calls made</h3>
    <table id="slack-calls"><tbody>${e.slackCalls.map(c => `<tr><td>${esc(c.state)}</td><td>${esc(c.type)}</td><td><pre>${esc(JSON.stringify(c.result, null, 1))}</pre></td></tr>`).join('')
      || '<tr><td class="muted">none</td></tr>'}</tbody></table>
    <h3>History</h3>
    <table id="history"><thead><tr><th>#</th><th>Type</th><th>State</th><th>Time</th><th>Input / output</th></tr></thead><tbody>
    ${e.history.map(h => `<tr><td>${h.id}</td><td>${esc(h.type)}</td><td>${esc(h.details.name)}</td><td title="${esc(h.timestamp)}">${esc(when(h.timestamp))}</td>
      <td>${['input', 'output', 'parameters', 'error', 'cause'].filter(k => h.details[k] !== undefined)
        .map(k => `<details><summary>${k}</summary><pre>${esc(JSON.stringify(h.details[k], null, 1))}</pre></details>`).join('')}</td></tr>`).join('')}
    </tbody></table>`;
  app.querySelectorAll('button.decision').forEach(b => b.onclick = async () => {
    const decide = document.getElementById('decide');
    const r = await fetch('/api/executions/' + encodeURIComponent(e.name) + '/review', { method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: info.token, action: b.dataset.action, moderator: decide.querySelector('.decider').value }) });
    if (!r.ok) { decide.querySelector('.decide-error').textContent = (await r.json()).error; return; }
    // The decision runs in the review workflow: look again once it had time to.
    setTimeout(() => showExecution(e.name), 1500);
  });
  app.querySelectorAll('.quarantine').forEach(div => div.querySelector('.reveal').onclick = async () => {
    const r = await fetch(base + encodeURIComponent(div.dataset.file) + '/reveal', { method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: info.token, moderator: div.querySelector('.moderator').value, reason: div.querySelector('.reason').value }) });
    if (!r.ok) { div.querySelector('.reveal-error').textContent = (await r.json()).error; return; }
    const img = div.querySelector('img');
    img.src = URL.createObjectURL(await r.blob());
    img.className = 'revealed';
    div.querySelector('.reveal-error').textContent = '';
  });
}

function route() {
  const h = decodeURIComponent(location.hash.slice(1));
  (h.startsWith('execution/') ? showExecution(h.slice('execution/'.length)) : showList())
    .catch(err => app.innerHTML = `<p class="error">${esc(err.message)}</p>`);
}

getJson('/api/info').then(i => {
  info = i;
  document.getElementById('mode').textContent = `${i.mode === 'DEMO' ? 'demo' : 'workspace ' + (i.team || '')} · detector ${i.detector} · policy ${i.policy}`;
  if (i.mode === 'DEMO') {
    document.getElementById('demo-banner').style.display = 'block';
    document.title = 'DEMO — ' + document.title;
    document.getElementById('demo-post').onclick = () => fetch('/api/demo/post', { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: info.token }) }).then(() => setTimeout(route, 1500));
  }
  getJson('/api/audit/chain').then(c => {
    document.getElementById('chain').textContent = c.intact
      ? `reveal log intact (${c.entries})` : `REVEAL LOG ALTERED at entry ${c.brokenAt + 1}`;
    document.getElementById('chain').className = c.intact ? 'muted' : 'error';
  });
  window.onhashchange = route;
  route();
});
