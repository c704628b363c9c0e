/* The load page: send the file with fetch and show the report as a table. */
(function () {
  "use strict";
  var form = document.getElementById("load-form");
  if (!form) { return; }
  var statusLine = document.getElementById("load-status");
  var table = document.getElementById("load-report");

  function showReport(report) {
    var body = table.tBodies[0];
    body.textContent = "";
    (report.results || []).forEach(function (r) {
      var tr = body.insertRow();
      tr.className = "severity-" + String(r.severity || "").toLowerCase();
      [r.focus, r.path || "", r.message, r.severity].forEach(function (v) { tr.insertCell().textContent = v; });
    });
    table.hidden = !(report.results && report.results.length);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    // formAction falls back to the page's URL when the button has no formaction attribute.
    var own = event.submitter && event.submitter.getAttribute("formaction");
    var action = own || form.getAttribute("action");
    var file = document.getElementById("load-file").files[0];
    if (!file) { return; }
    var data = new FormData(); data.append("file", file, file.name);
    var headers = { "Accept": "application/json" };
    var token = document.getElementById("load-token").value;
    if (token) { headers.Authorization = "Bearer " + token; }
    statusLine.textContent = "Skickar …"; table.hidden = true;
    fetch(action, { method: "POST", body: data, headers: headers })
      .then(function (response) { return response.json().then(function (json) { return [response, json]; }); })
      .then(function (pair) {
        var response = pair[0], json = pair[1];
        if (response.status === 201) {
          statusLine.textContent = "Laddat: " + json.triples + " tripler i " + json.graph + " (" + json.warnings + " varningar).";
        } else if (json.report) {
          showReport(json.report);
          statusLine.textContent = json.report.conforms ? "Data följer formerna." : "Data följer inte formerna: inget skrevs.";
        } else {
          statusLine.textContent = "Fel " + response.status + ": " + json.message;
        }
      })
      .catch(function (err) { statusLine.textContent = "Nätverksfel: " + err; });
  });
})();
