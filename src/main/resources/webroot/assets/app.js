// Bayan moderator dashboard: live feed of flagged posts, feedback, stats, search by image.
// Plain browser JavaScript, no build step. Everything the page shows comes from the gateway's
// token-guarded API; data from the wire is only ever put into the page as text.
'use strict';

(() => {
  const MAX_CARDS = 200;
  const MAX_QUEUED = 500;
  const STATS_EVERY_MS = 5000;
  const TOKEN_KEY = 'bayan.token';

  const $ = (selector, root = document) => root.querySelector(selector);
  const state = {
    token: sessionStorage.getItem(TOKEN_KEY) || '',
    ws: null,
    retries: 0,
    retryTimer: null,
    paused: false,
    queued: [],
    space: '',
    spaces: new Set(),
    problems: new Map(),
  };

  class GatewayError extends Error {
    constructor(kind, message) {
      super(message);
      this.kind = kind;
    }
  }

  // ---- talking to the gateway -------------------------------------------------------------

  function authHeaders() {
    return state.token ? { Authorization: 'Bearer ' + state.token } : {};
  }

  async function call(path, options = {}) {
    let response;
    try {
      response = await fetch(path, { ...options, headers: { ...authHeaders(), ...(options.headers || {}) } });
    } catch (e) {
      throw new GatewayError('unreachable', 'The gateway is unreachable. Is it running, and is this the right address?');
    }
    if (response.status === 401) throw new GatewayError('auth', 'The gateway wants the admin token: enter it above.');
    if (response.status === 403) throw new GatewayError('auth', 'The gateway refused this token: check it and connect again.');
    if (!response.ok) {
      let detail = 'HTTP ' + response.status;
      try {
        const body = await response.json();
        if (body && body.error) detail = body.error.message + ' (' + body.error.code + ')';
      } catch (ignored) { /* not JSON: keep the status */ }
      throw new GatewayError('http', detail);
    }
    return response.json();
  }

  // ---- problems banner: one line per source, cleared when that source works again ------------

  function setProblem(source, message) {
    state.problems.set(source, message);
    renderProblems();
  }

  function clearProblem(source) {
    if (state.problems.delete(source)) renderProblems();
  }

  function renderProblems() {
    const banner = $('#banner');
    banner.replaceChildren();
    for (const message of state.problems.values()) {
      const line = document.createElement('div');
      line.textContent = message;
      banner.append(line);
    }
    banner.hidden = state.problems.size === 0;
  }

  function setConnection(kind, text) {
    const conn = $('#conn');
    conn.className = 'conn ' + kind;
    conn.textContent = text;
  }

  // ---- live feed ----------------------------------------------------------------------------

  function connectFeed() {
    clearTimeout(state.retryTimer);
    if (state.ws) {
      state.ws.onclose = null;
      state.ws.close();
    }
    const params = new URLSearchParams({ token: state.token });
    if (state.space) params.set('space', state.space);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    setConnection('connecting', 'Connecting…');
    const ws = new WebSocket(scheme + '//' + location.host + '/v1/feed?' + params);
    ws.onopen = () => {
      state.retries = 0;
      setConnection('live', 'Live');
      clearProblem('feed');
    };
    ws.onmessage = (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch (e) {
        return; // not ours to show
      }
      if (event && event.type === 'flag' && event.post) receive(fromFeed(event));
    };
    ws.onclose = () => {
      state.ws = null;
      const delay = Math.min(30, 2 ** state.retries++);
      setConnection('off', 'Disconnected');
      setProblem('feed', 'Live feed disconnected (gateway unreachable or token refused). Retrying in ' + delay + ' s.');
      state.retryTimer = setTimeout(connectFeed, delay * 1000);
    };
    state.ws = ws;
  }

  /** The feed's flag message ({type, post, original, matches, ...}) as one flat card model. */
  function fromFeed(flag) {
    return {
      postId: flag.post.postId, authorId: flag.post.authorId, space: flag.post.space,
      original: flag.original, matches: flag.matches || [], decision: flag.decision,
      reason: flag.reason, time: flag.time
    };
  }

  function receive(event) {
    rememberSpace(event.space);
    if (state.paused) {
      state.queued.push(event);
      if (state.queued.length > MAX_QUEUED) state.queued.shift();
      updatePauseButton();
      return;
    }
    addCard(event);
  }

  function thumbnailUrl(postId) {
    return '/v1/posts/' + encodeURIComponent(postId) + '/thumbnail';
  }

  function setThumbnail(img, postId, label) {
    img.alt = label + ' ' + postId;
    img.addEventListener('error', () => img.closest('figure').classList.add('missing'), { once: true });
    img.src = thumbnailUrl(postId);
  }

  function addCard(event) {
    const card = $('#card-template').content.firstElementChild.cloneNode(true);
    const original = event.original || (event.matches && event.matches[0]) || null;
    card.dataset.postId = event.postId;
    card.dataset.space = event.space || '';
    setThumbnail($('.thumb-new', card), event.postId, 'new post');
    $('.new-id', card).textContent = event.postId;
    if (original) {
      setThumbnail($('.thumb-original', card), original.postId, 'original');
      $('.original-id', card).textContent = original.postId;
    }
    const badge = $('.badge', card);
    badge.textContent = event.decision;
    badge.classList.add(event.decision);
    $('.space', card).textContent = event.space || '';
    const when = $('.when', card);
    when.dateTime = new Date(event.time).toISOString();
    when.textContent = new Date(event.time).toLocaleTimeString();
    $('.reason', card).textContent = event.reason || '';
    const signals = $('.signals', card);
    for (const match of (event.matches || [])) signals.append(signalRow(match, original));
    const buttons = [$('.not-dup', card), $('.confirm', card)];
    if (original) {
      buttons[0].addEventListener('click', () => sendFeedback(card, event.postId, original.postId, 'not_duplicate', buttons));
      buttons[1].addEventListener('click', () => sendFeedback(card, event.postId, original.postId, 'confirmed', buttons));
    } else {
      buttons.forEach((b) => { b.disabled = true; });
    }
    card.hidden = !visible(card);
    const cards = $('#cards');
    cards.prepend(card);
    while (cards.children.length > MAX_CARDS) cards.lastElementChild.remove();
    updateCount();
  }

  /** Both signals in words: "cnn 0.953 · pdq 12" (a missing one is left out). */
  function evidence(match) {
    const parts = [];
    if (match.similarity !== null && match.similarity !== undefined) parts.push('cnn ' + Number(match.similarity).toFixed(3));
    if (match.pdqDistance !== null && match.pdqDistance !== undefined) parts.push('pdq ' + match.pdqDistance);
    return parts.join(' · ');
  }

  /** 0..1 for the bar: the stronger of the CNN cosine and the PDQ agreement (1 - distance/256). */
  function strength(match) {
    const cnn = match.similarity === null || match.similarity === undefined ? 0 : match.similarity;
    const pdq = match.pdqDistance === null || match.pdqDistance === undefined ? 0 : 1 - match.pdqDistance / 256;
    return Math.max(cnn, pdq);
  }

  function signalRow(match, original) {
    const row = document.createElement('li');
    if (original && match.postId === original.postId) row.classList.add('is-original');
    const name = document.createElement('span');
    name.className = 'signal';
    name.textContent = match.signal || 'cnn';
    const bar = document.createElement('span');
    bar.className = 'bar';
    const fill = document.createElement('span');
    fill.style.width = Math.max(0, Math.min(100, strength(match) * 100)).toFixed(1) + '%';
    bar.append(fill);
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = evidence(match);
    const id = document.createElement('code');
    id.textContent = match.postId;
    row.append(name, bar, value, id);
    return row;
  }

  async function sendFeedback(card, postId, matchedPostId, verdict, buttons) {
    const status = $('.verdict', card);
    buttons.forEach((b) => { b.disabled = true; });
    status.textContent = 'Saving…';
    try {
      await call('/admin/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ postId, matchedPostId, verdict }),
      });
      status.textContent = verdict === 'not_duplicate' ? 'Recorded: not a duplicate' : 'Recorded: repost confirmed';
      card.classList.add('decided', verdict === 'not_duplicate' ? 'cleared' : 'confirmed');
      clearProblem('feedback');
    } catch (e) {
      status.textContent = 'Not saved';
      setProblem('feedback', 'Feedback not saved: ' + e.message);
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  function visible(card) {
    return !state.space || card.dataset.space === state.space;
  }

  function updateCount() {
    const cards = [...$('#cards').children];
    const shown = cards.filter((c) => !c.hidden).length;
    $('#feed-empty').hidden = cards.length > 0;
    $('#feed-count').textContent = cards.length === 0 ? '' : shown + ' shown';
  }

  function rememberSpace(space) {
    if (!space || state.spaces.has(space)) return;
    state.spaces.add(space);
    const option = document.createElement('option');
    option.value = space;
    option.textContent = space;
    const select = $('#space-filter');
    const after = [...select.options].find((o) => o.value && o.value > space);
    select.insertBefore(option, after || null);
  }

  function updatePauseButton() {
    const button = $('#pause');
    button.setAttribute('aria-pressed', String(state.paused));
    button.textContent = state.paused ? 'Resume' + (state.queued.length ? ' (' + state.queued.length + ' new)' : '') : 'Pause';
  }

  // ---- stats --------------------------------------------------------------------------------

  async function refreshStats() {
    try {
      const s = await call('/admin/stats');
      renderStats(s);
      clearProblem('stats');
      $('#stats-updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      setProblem('stats', 'Stats: ' + e.message);
    }
  }

  function text(id, value) {
    $('#' + id).textContent = value;
  }

  function renderStats(s) {
    for (const outcome of ['accept', 'review', 'reject']) {
      text('stat-' + outcome + '-min', s.decisions.lastMinute[outcome]);
      text('stat-' + outcome + '-hour', s.decisions.lastHour[outcome]);
      text('stat-' + outcome + '-total', s.decisions.total[outcome]);
    }
    const perSpace = Object.entries(s.posts.perSpace || {}).map(([space, n]) => space + ' ' + n).join(', ');
    text('stat-posts', s.posts.total + (perSpace ? ' (' + perSpace + ')' : ''));
    Object.keys(s.posts.perSpace || {}).forEach(rememberSpace);
    text('stat-queues', 'embed ' + s.queues.embed + ' · match ' + s.queues.match + ' · pending ' + s.queues.pending);
    text('stat-batches', 'embed ' + s.batches.embed.last + ' (mean ' + s.batches.embed.mean + ') · search '
      + s.batches.search.last + ' (mean ' + s.batches.search.mean + ')');
    text('stat-store', s.store.kind + ' · vectors ' + s.store.vectors + ' · segments ' + s.store.segments + ' · '
      + bytes(s.store.diskBytes));
    text('stat-model', s.model);
    const b = s.backfill;
    const bar = $('#backfill-bar');
    if (b.state === 'idle') {
      text('stat-backfill', 'none');
      bar.hidden = true;
    } else {
      text('stat-backfill', b.state + ' · ' + b.processed + '/' + b.total + ' (' + b.indexed + ' indexed, '
        + b.failed + ' failed, ' + b.skipped + ' skipped)' + (b.error ? ' · ' + b.error : ''));
      bar.hidden = false;
      bar.firstElementChild.style.width = (b.total ? (100 * b.processed) / b.total : 100).toFixed(1) + '%';
    }
  }

  function bytes(n) {
    if (!n) return '0 B';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    const i = Math.min(units.length - 1, Math.floor(Math.log(n) / Math.log(1024)));
    return (n / 1024 ** i).toFixed(i ? 1 : 0) + ' ' + units[i];
  }

  // ---- search by image (dry-run check) ------------------------------------------------------

  async function search(file) {
    if (!file) return;
    const preview = $('#search-preview');
    if (preview.src) URL.revokeObjectURL(preview.src);
    preview.src = URL.createObjectURL(file);
    preview.alt = 'the image searched for';
    preview.hidden = false;
    const results = $('#search-results');
    results.replaceChildren();
    const summary = $('#search-summary');
    const space = state.space || 'default';
    summary.textContent = 'Searching in space ' + space + '…';
    try {
      const r = await call('/v1/check?dryRun=true&space=' + encodeURIComponent(space), {
        method: 'POST',
        headers: { 'Content-Type': file.type || 'application/octet-stream' },
        body: file,
      });
      summary.textContent = 'Would be ' + r.decision + ': ' + r.reason;
      if (!r.matches.length) summary.textContent += ' (no posts in this space yet)';
      for (const match of r.matches) results.append(resultRow(match));
      clearProblem('search');
    } catch (e) {
      summary.textContent = 'Search failed.';
      setProblem('search', 'Search: ' + e.message);
    }
  }

  function resultRow(match) {
    const row = document.createElement('li');
    row.className = 'result';
    row.dataset.postId = match.postId;
    const figure = document.createElement('figure');
    figure.className = 'shot small';
    const img = document.createElement('img');
    img.className = 'thumb';
    figure.append(img);
    setThumbnail(img, match.postId, 'post');
    const label = document.createElement('code');
    label.textContent = match.postId;
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = (match.signal || 'cnn') + ' ' + evidence(match);
    row.append(figure, label, value);
    return row;
  }

  function firstImage(items) {
    for (const item of items || []) {
      const file = item instanceof File ? item : item.kind === 'file' ? item.getAsFile() : null;
      if (file && (!file.type || file.type.startsWith('image/'))) return file;
    }
    return null;
  }

  // ---- wiring -------------------------------------------------------------------------------

  function init() {
    $('#token').value = state.token;
    $('#token-form').addEventListener('submit', (e) => {
      e.preventDefault();
      state.token = $('#token').value.trim();
      sessionStorage.setItem(TOKEN_KEY, state.token);
      state.retries = 0;
      connectFeed();
      refreshStats();
    });
    $('#pause').addEventListener('click', () => {
      state.paused = !state.paused;
      if (!state.paused) {
        const backlog = state.queued.splice(0);
        backlog.forEach(addCard);
      }
      updatePauseButton();
    });
    $('#space-filter').addEventListener('change', (e) => {
      state.space = e.target.value;
      for (const card of $('#cards').children) card.hidden = !visible(card);
      updateCount();
      connectFeed();
    });
    const zone = $('#dropzone');
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      zone.classList.add('over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('over');
      search(firstImage(e.dataTransfer.files));
    });
    document.addEventListener('paste', (e) => {
      const file = firstImage(e.clipboardData && e.clipboardData.items);
      if (file) {
        e.preventDefault();
        search(file);
      }
    });
    $('#search-file').addEventListener('change', (e) => search(e.target.files[0]));
    updateCount();
    connectFeed();
    refreshStats();
    setInterval(refreshStats, STATS_EVERY_MS);
  }

  init();
})();
