// Hotline console: Ctrl+Enter (or Cmd+Enter) registers the call from any field.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
  var form = document.getElementById("hotline-form");
  if (!form) return;
  event.preventDefault();
  if (form.requestSubmit) form.requestSubmit(); else form.submit();
});

// Triage suggestions tick the suggested fields, unless the agent has already chosen some.
document.addEventListener("htmx:afterSwap", function (event) {
  if (event.target.id !== "suggestion") return;
  var found = event.target.querySelector("[data-fields]");
  var boxes = document.querySelectorAll("#hotline-form input[name=field_codes]");
  if (!found || Array.prototype.some.call(boxes, function (b) { return b.checked && !b.dataset.suggested; })) return;
  var fields = found.dataset.fields.split(",");
  boxes.forEach(function (box) {
    box.checked = fields.indexOf(box.value) !== -1;
    box.dataset.suggested = box.checked ? "1" : "";
  });
});
