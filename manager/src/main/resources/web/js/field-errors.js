// API field errors shown where they belong: a 400 names each bad field, and each form has a
// <p class="field-error" data-field="NAME"> next to the field the API calls NAME.

/** Clears every field error of `form`. */
export function clearFieldErrors(form) {
  for (const p of form.querySelectorAll('.field-error')) p.textContent = '';
}

/** Shows each of the API error's field messages next to its field; returns whether any had a place in `form`. */
export function showFieldErrors(form, error) {
  let shown = false;
  for (const fe of error.fields || []) {
    const p = form.querySelector(`.field-error[data-field="${fe.field}"]`);
    if (p) {
      p.textContent = fe.message;
      shown = true;
    }
  }
  return shown;
}
