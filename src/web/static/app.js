// Khabar's only script: save and follow without a page reload. Every form
// works without it (a POST and a redirect back); with it, the same POST is
// sent by fetch and the button changes in place.
"use strict";

const labels = {
  save: { on: "محفوظ", off: "احفظ" },
};

function toggle(form, result) {
  const action = form.querySelector('input[name="action"]');
  const button = form.querySelector("button");
  if (!action || !button) return;
  if (form.classList.contains("save-form")) {
    const saved = result.saved === true;
    action.value = saved ? "unsave" : "save";
    button.textContent = saved ? labels.save.on : labels.save.off;
    button.setAttribute("aria-pressed", String(saved));
    return;
  }
  const label = form.querySelector('input[name="label"]');
  if (action.value === "follow" || action.value === "unfollow") {
    const on = result.following === true;
    action.value = on ? "unfollow" : "follow";
    button.setAttribute("aria-pressed", String(on));
    if (label) button.textContent = (on ? "تتابع " : "تابِع ") + label.value;
  } else {
    const on = result.muted === true;
    action.value = on ? "unmute" : "mute";
    button.setAttribute("aria-pressed", String(on));
    button.textContent = on ? "مكتوم — أظهره" : "اكتم";
  }
}

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  if (!form.classList.contains("save-form") &&
      !(form.classList.contains("follow-form") && form.closest(".follow-control"))) {
    return;
  }
  event.preventDefault();
  const button = form.querySelector("button");
  if (button) button.disabled = true;
  try {
    // getAttribute: the form's field named "action" shadows form.action.
    const response = await fetch(form.getAttribute("action"), {
      method: "POST",
      headers: { Accept: "application/json" },
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
    toggle(form, await response.json());
  } catch (e) {
    HTMLFormElement.prototype.submit.call(form);  // the plain form post
  } finally {
    if (button) button.disabled = false;
  }
});
