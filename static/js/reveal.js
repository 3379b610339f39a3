// Show the fields under a radio only while it is chosen ("conditional reveal").
// GOV.UK Frontend's own reveal sets aria-expanded on the radio (on every radio
// with aria-controls), which ARIA does not allow on a radio (axe:
// aria-allowed-attr); this one only shows and hides. Without JavaScript the
// fields are always shown.
export function initReveals (root = document) {
  for (const radio of root.querySelectorAll('input[type=radio][data-portal-reveals]')) {
    const target = document.getElementById(radio.dataset.portalReveals)
    if (!target) continue
    const update = () => target.classList.toggle('govuk-radios__conditional--hidden', !radio.checked)
    for (const other of root.querySelectorAll(`input[type=radio][name="${radio.name}"]`)) {
      other.addEventListener('change', update)
    }
    update()
  }
}
