// Live progress: the server sends a "progress" event whenever the raid day changes.
(function () {
  var script = document.currentScript;
  var labels = JSON.parse(document.getElementById("labels").textContent);
  var seen = {};
  document.querySelectorAll("#findings li[data-finding]").forEach(function (li) { seen[li.dataset.finding] = true; });
  function cell(text) { var td = document.createElement("td"); td.textContent = text; return td; }
  function render(data) {
    document.getElementById("done").textContent = data.done;
    document.getElementById("planned").textContent = data.planned;
    document.getElementById("checked-in").textContent = data.checked_in;
    document.getElementById("finding-count").textContent = data.findings.length;
    var body = document.querySelector("#visits tbody");
    body.textContent = "";
    data.visits.forEach(function (v) {
      var tr = document.createElement("tr");
      [v.team, v.order, v.site, v.eta].forEach(function (x) { tr.appendChild(cell(x)); });
      var status = cell((labels[v.status] || v.status) + " " + v.checked_in);
      if (v.flagged) { var tag = document.createElement("span"); tag.className = "tag bad"; tag.textContent = labels.flagged; status.appendChild(tag); }
      tr.appendChild(status);
      body.appendChild(tr);
    });
    var list = document.getElementById("findings");
    list.textContent = "";
    if (!data.findings.length) { var empty = document.createElement("li"); empty.className = "empty"; empty.textContent = labels.none; list.appendChild(empty); }
    data.findings.forEach(function (f) {
      var li = document.createElement("li");
      li.dataset.finding = f.id;
      if (!seen[f.id]) { li.className = "new"; seen[f.id] = true; }
      var at = document.createElement("b"); at.textContent = f.at; li.appendChild(at);
      li.appendChild(document.createTextNode(" " + f.site + " · " + f.brand + " " + f.product + (f.category ? "（" + f.category + "）" : "") + " · " + f.quantity));
      f.photos.forEach(function (p) { var a = document.createElement("a"); a.href = "/photos/" + p; a.target = "_blank"; a.textContent = " 📷"; li.appendChild(a); });
      list.appendChild(li);
    });
    var updated = document.getElementById("updated");
    updated.textContent = updated.dataset.template.replace("TIME", data.updated);  // the campaign's time zone, not the browser's
  }
  var source = new EventSource(script.dataset.events);
  source.addEventListener("progress", function (e) { render(JSON.parse(e.data)); });
})();
