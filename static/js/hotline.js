// Hotline console: Ctrl+Enter (or Cmd+Enter) registers the call from any field.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
  var form = document.getElementById("hotline-form");
  if (!form) return;
  event.preventDefault();
  if (form.requestSubmit) form.requestSubmit(); else form.submit();
});
