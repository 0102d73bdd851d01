// The job page's live progress (templates/job_show.html): polls the job through the
// API every second and updates the bar; reloads the page when the job is finished, to
// show its result. Without JavaScript the page refreshes itself (noscript meta refresh).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) return;
  var finished = { done: true, failed: true, cancelled: true };
  if (finished[box.dataset.state]) return;
  var id = box.dataset.jobId;
  var bar = document.getElementById("job-progress");
  function set(id, text) {
    var el = document.getElementById(id);
    if (el) el.textContent = text;
  }
  function poll() {
    fetch("/api/v1/jobs/" + encodeURIComponent(id), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (!j) { setTimeout(poll, 3000); return; }
        if (finished[j.state] || j.state !== box.dataset.state) { location.reload(); return; }
        var p = j.progress || {};
        if (bar && p.requested) { bar.max = p.requested; bar.value = p.placed || 0; }
        set("job-placed", String(p.placed || 0));
        set("job-requested", String(p.requested || 0));
        set("job-breaks", String(p.breaks || 0));
        if (p.elapsed_ms) set("job-elapsed", Math.round(p.elapsed_ms / 1000) + "s");
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
