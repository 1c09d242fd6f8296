// Sandbox dialogs and checkpoints (scheduler/sandbox/interrupts.py): close a dialog where it is,
// and tell the site about every keystroke in a checkpoint's form (tests prove jadwal types none).
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-dialog]");
  if (!button) return;
  const overlay = button.closest(".overlay");
  if (overlay) overlay.remove();
  fetch(`/dialogs/${button.dataset.dialog}/${button.dataset.choice}`, { method: "POST" });
});
document.addEventListener("input", (event) => {
  const form = event.target.closest("form[data-checkpoint]");
  if (form) fetch(`/checkpoint/${form.dataset.checkpoint}/typed`, { method: "POST" });
});
