(function () {
  "use strict";
  function fail(msg) {
    if (document.getElementById("script-error")) return;
    var d = document.createElement("div");
    d.id = "script-error";
    d.textContent = "Report script error: " + msg;
    document.body.insertBefore(d, document.body.firstChild);
  }
  window.addEventListener("error", function (e) { fail(e.message || String(e)); });

  var DATA, all, filtered = [], shown = 0, hay = [];
  var rows, more, count, qBox, fStatus, fIntent, fTag;

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }
  function dur(ms) {
    if (ms === undefined || ms === null) return "n/a";
    if (ms < 1000) return ms + " ms";
    if (ms < 120000) return (ms / 1000).toFixed(1) + " s";
    return (ms / 60000).toFixed(1) + " min";
  }
  function json(v, limit) {
    var s = JSON.stringify(v, null, 1);
    return s.length > limit ? s.slice(0, limit) + "\n… (" + s.length + " characters; results.json has all)" : s;
  }
  function table(head, body) {
    var t = el("table"), tr = el("tr");
    head.forEach(function (h) { tr.appendChild(el("th", null, h)); });
    t.appendChild(el("thead")).appendChild(tr);
    var tb = t.appendChild(el("tbody"));
    body.forEach(function (cells) {
      var r = tb.appendChild(el("tr"));
      cells.forEach(function (c) { r.appendChild(c instanceof Node ? el("td").appendChild(c).parentNode : el("td", null, c)); });
    });
    return t;
  }
  function fill(select, values) {
    values.forEach(function (v) { var o = el("option", null, v); o.value = v; select.appendChild(o); });
  }
  function haystack(i) {
    if (hay[i] === undefined) {
      var c = all[i], parts = [c.key, c.title, c.intent, c.file, c.channel || "", c.tags.join(" "), c.reasons.join(" ")];
      (c.transcript || []).forEach(function (t) { parts.push(t.text); });
      hay[i] = parts.join("\n").toLowerCase();
    }
    return hay[i];
  }

  function applyFilters() {
    var q = qBox.value.trim().toLowerCase(), st = fStatus.value, it = fIntent.value, tg = fTag.value;
    filtered = [];
    for (var i = 0; i < all.length; i++) {
      var c = all[i];
      if (st && c.status !== st) continue;
      if (it && c.intent !== it) continue;
      if (tg && c.tags.indexOf(tg) < 0) continue;
      if (q && haystack(i).indexOf(q) < 0) continue;
      filtered.push(i);
    }
    rows.textContent = "";
    shown = 0;
    showMore();
  }
  function showMore() {
    var end = Math.min(filtered.length, shown + DATA.page), frag = document.createDocumentFragment();
    // A row opened from the URL may already be on the page, pinned at the top.
    for (; shown < end; shown++) { if (!document.getElementById("conv-" + filtered[shown])) frag.appendChild(row(filtered[shown])); }
    rows.appendChild(frag);
    more.hidden = shown >= filtered.length;
    more.textContent = "Show more (" + (filtered.length - shown) + " remaining)";
    count.textContent = "showing " + shown + " of " + filtered.length + " (" + all.length + " in the run)";
  }
  function row(i) {
    var c = all[i], d = el("details", "conv st-" + c.status), s = el("summary");
    d.id = "conv-" + i;
    d.dataset.i = String(i);
    s.appendChild(el("span", "badge b-" + c.status, c.status));
    s.appendChild(el("span", "id", c.key));
    s.appendChild(el("span", "title", c.title));
    s.appendChild(el("span", "chip", c.intent));
    if (c.channel) s.appendChild(el("span", "chip", c.channel));
    if (c.tags.length) s.appendChild(el("span", "chip", "#" + c.tags.join(" #")));
    if (c.reasons.length) {
      s.appendChild(el("span", "why", c.reasons[0] + (c.reasons.length > 1 ? " (+" + (c.reasons.length - 1) + " more)" : "")));
    }
    d.appendChild(s);
    return d;
  }

  function detail(d) {
    if (d.dataset.rendered) return;
    d.dataset.rendered = "1";
    var c = all[Number(d.dataset.i)], box = el("div", "detail");
    if (c.reasons.length) {
      box.appendChild(el("h3", null, c.status === "invalid" ? "Diagnostics" : "Why it did not pass"));
      var ul = box.appendChild(el("ul", "reasons"));
      c.reasons.forEach(function (r) { ul.appendChild(el("li", null, r)); });
    }
    var facts = [["file", c.file], ["resolution", c.resolution], ["ended", c.end_reason],
      ["first response", c.frt_ms === undefined ? null : dur(c.frt_ms)],
      ["duration", c.duration_ms === undefined ? null : dur(c.duration_ms)], ["CSAT estimate", c.csat], ["error", c.error]];
    box.appendChild(el("p", "meta", facts.filter(function (f) { return f[1] !== undefined && f[1] !== null && f[1] !== ""; })
      .map(function (f) { return f[0] + ": " + f[1]; }).join(" · ")));
    if (c.handoff) {
      box.appendChild(el("h3", null, "Hand-off"));
      box.appendChild(el("pre", null, json(c.handoff, 4000)));
    }
    if (c.transcript && c.transcript.length) {
      box.appendChild(el("h3", null, "Transcript"));
      c.transcript.forEach(function (t) {
        var m = box.appendChild(el("div", "msg " + (t.role === "agent" ? "agent" : "customer")));
        var who = [t.role + (t.simulated && t.role === "customer" ? " (simulated answer)" : ""), "+" + dur(t.at_ms), "turn " + t.turn];
        if (t.intent) who.push("intent " + t.intent + (t.confidence !== undefined ? " (" + t.confidence + ")" : ""));
        if (t.calls) who.push("calls #" + t.calls[0] + (t.calls[1] > t.calls[0] ? "–#" + t.calls[1] : ""));
        m.appendChild(el("div", "who", who.join(" · ")));
        m.appendChild(el("div", "text", t.text));
        if (t.citations) m.appendChild(el("div", "who", "cites " + t.citations.join(", ")));
        if (t.trace) {
          var ol = m.appendChild(el("ol", "trace"));
          t.trace.forEach(function (step) { ol.appendChild(el("li", null, step[0] + ": " + step[1])); });
        }
      });
    }
    if (c.violations && c.violations.length) {
      box.appendChild(el("h3", null, "Policy violations"));
      box.appendChild(table(["Policy", "Severity", "Turn", "Evidence"], c.violations.map(function (v) {
        return [v.policy + (v.waived ? " (waived)" : ""), v.severity, v.turn === undefined ? "–" : v.turn, v.evidence];
      })));
    }
    if (c.hallucinations && c.hallucinations.length) {
      box.appendChild(el("h3", null, "Hallucinations"));
      box.appendChild(table(["Turn", "Kind", "Claim", "Sentence", "Compared with"], c.hallucinations));
    }
    if (c.audit) {
      box.appendChild(el("h3", null, "Audit log (" + c.audit.length + " calls)"));
      box.appendChild(table(["#", "At", "Actor", "Operation", "OK", "Latency", "Arguments", "Result"], c.audit.map(function (a) {
        return [a.seq, "+" + dur(a.at_ms), a.actor || "", a.op, a.ok ? "ok" : "error", dur(a.latency_ms),
          el("pre", null, json(a.args, 2000)), el("pre", null, json(a.ok ? a.result : a.error, 4000))];
      })));
    }
    d.appendChild(box);
  }

  function openFromHash() {
    var m = /^#open=(.+)$/.exec(location.hash);
    if (!m) return;
    var key = decodeURIComponent(m[1]), idx = -1;
    for (var i = 0; i < all.length; i++) { if (all[i].key === key || all[i].id === key) { idx = i; break; } }
    if (idx < 0) return;
    var d = document.getElementById("conv-" + idx);
    if (!d) { d = row(idx); rows.insertBefore(d, rows.firstChild); }
    d.open = true;
    detail(d);
    d.scrollIntoView();
  }

  try {
    DATA = JSON.parse(document.getElementById("data").textContent);
    all = DATA.conversations;
    rows = document.getElementById("rows");
    more = document.getElementById("more");
    count = document.getElementById("shown");
    qBox = document.getElementById("q");
    fStatus = document.getElementById("f-status");
    fIntent = document.getElementById("f-intent");
    fTag = document.getElementById("f-tag");
    var intents = {}, tags = {};
    all.forEach(function (c) { if (c.intent) intents[c.intent] = 1; c.tags.forEach(function (t) { tags[t] = 1; }); });
    fill(fIntent, Object.keys(intents).sort());
    fill(fTag, Object.keys(tags).sort());
    var timer;
    qBox.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(applyFilters, 150); });
    [fStatus, fIntent, fTag].forEach(function (s) { s.addEventListener("change", applyFilters); });
    more.addEventListener("click", showMore);
    rows.addEventListener("toggle", function (e) { if (e.target.open) detail(e.target); }, true);
    window.addEventListener("hashchange", openFromHash);
    applyFilters();
    openFromHash();
    var ok = el("div");
    ok.id = "ok";
    ok.hidden = true;
    // Milliseconds from navigation to a usable page, for tests and the curious.
    ok.dataset.ms = String(Math.round(performance.now()));
    document.body.appendChild(ok);
  } catch (e) {
    fail(e && e.message ? e.message : String(e));
  }
})();
