/* The SPARQL query page: a CodeMirror editor, example queries, results as a table. */
(function () {
  "use strict";
  var form = document.getElementById("sparql-form");
  if (!form) { return; }
  var textarea = document.getElementById("query");
  var idBase = form.getAttribute("data-id-base");
  var statusLine = document.getElementById("status");
  var tableWrap = document.getElementById("table-wrap");
  var editor = null;
  if (window.CodeMirror) {
    editor = window.CodeMirror.fromTextArea(textarea, {
      mode: "application/sparql-query", lineNumbers: true, indentUnit: 2,
      extraKeys: { "Ctrl-Enter": run, "Cmd-Enter": run }
    });
  }

  function queryText() { return editor ? editor.getValue() : textarea.value; }
  function setQuery(text) { if (editor) { editor.setValue(text); } else { textarea.value = text; } }

  function endpointUrl(format) {
    var params = new URLSearchParams({ query: queryText() });
    if (format) { params.set("format", format); }
    return form.getAttribute("action") + "?" + params.toString();
  }

  function link(iri) {
    var a = document.createElement("a");
    a.textContent = iri;
    a.href = iri.indexOf(idBase) === 0 ? "/id/" + iri.slice(idBase.length) : iri;
    return a;
  }

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") { td.appendChild(link(term.value)); }
    else if (term.type === "bnode") { td.textContent = "_:" + term.value; }
    else {
      td.textContent = term.value;
      var tag = term["xml:lang"] ? "@" + term["xml:lang"] : (term.datatype ? term.datatype.replace("http://www.w3.org/2001/XMLSchema#", "xsd:") : "");
      if (tag) { var s = document.createElement("span"); s.className = "badge"; s.textContent = tag; td.appendChild(document.createTextNode(" ")); td.appendChild(s); }
    }
    return td;
  }

  function showTable(data, truncated, limit) {
    tableWrap.textContent = "";
    if (typeof data.boolean === "boolean") { statusLine.textContent = "Svar: " + (data.boolean ? "ja (true)" : "nej (false)"); return; }
    var vars = data.head.vars, rows = data.results.bindings;
    var table = document.createElement("table"); table.className = "results";
    var head = table.createTHead().insertRow();
    vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    var body = table.createTBody();
    rows.forEach(function (row) { var tr = body.insertRow(); vars.forEach(function (v) { tr.appendChild(cell(row[v])); }); });
    tableWrap.appendChild(table);
    statusLine.textContent = rows.length + " rader" + (truncated ? " (avkortat vid " + limit + " rader)" : "");
  }

  function showText(text) {
    tableWrap.textContent = "";
    var pre = document.createElement("pre"); pre.textContent = text; tableWrap.appendChild(pre);
  }

  function run(event) {
    if (event && event.preventDefault) { event.preventDefault(); }
    statusLine.textContent = "Kör …";
    var body = new URLSearchParams({ query: queryText() });
    fetch(form.getAttribute("action"), {
      method: "POST", body: body,
      headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      return response.text().then(function (text) {
        if (!response.ok) {
          var message = text;
          try { message = JSON.parse(text).message; } catch (e) { /* plain text */ }
          statusLine.textContent = "Fel " + response.status + ": " + message; tableWrap.textContent = ""; return;
        }
        if (type.indexOf("json") >= 0) {
          showTable(JSON.parse(text), response.headers.get("X-Govkg-Truncated") === "true", response.headers.get("X-Govkg-Row-Limit"));
        } else { statusLine.textContent = ""; showText(text); }
      });
    }).catch(function (err) { statusLine.textContent = "Nätverksfel: " + err; });
  }

  form.addEventListener("submit", run);
  document.getElementById("example").addEventListener("change", function (event) {
    var option = event.target.selectedOptions[0];
    if (option && option.getAttribute("data-query")) { setQuery(option.getAttribute("data-query")); }
  });
  Array.prototype.forEach.call(document.querySelectorAll("a.download"), function (a) {
    a.addEventListener("click", function () { a.href = endpointUrl(a.getAttribute("data-format")); });
  });
})();
