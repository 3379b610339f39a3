// The GOV.UK timeout warning: before an idle session ends, a modal dialog
// offers to stay signed in. Pages work without this script: the server ends
// the session after the idle time all the same (portal/auth/timeout.py).
const WARN_BEFORE_MS = 2 * 60 * 1000

function describe (ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60)
    return minutes === 1 ? '1 minute' : `${minutes} minutes`
  }
  return seconds === 1 ? '1 second' : `${seconds} seconds`
}

function start (dialog, idleMs) {
  const remaining = dialog.querySelector('[data-timeout-remaining]')
  const token = dialog.querySelector('input[name="csrf_token"]').value
  let endsAt = 0
  let warnTimer = null
  let tickTimer = null
  let returnFocusTo = null

  // The server has ended the session by now: loading the page again shows
  // the sign-in page and why.
  function timedOut () {
    window.location.replace(window.location.pathname + window.location.search)
  }

  function tick () {
    const left = endsAt - Date.now()
    if (left <= 0) {
      timedOut()
      return
    }
    remaining.textContent = describe(left)
  }

  function warn () {
    returnFocusTo = document.activeElement
    tick()
    dialog.showModal()
    tickTimer = window.setInterval(tick, 1000)
  }

  function restart () {
    window.clearTimeout(warnTimer)
    window.clearInterval(tickTimer)
    endsAt = Date.now() + idleMs
    warnTimer = window.setTimeout(warn, Math.max(0, idleMs - WARN_BEFORE_MS))
  }

  async function staySignedIn () {
    let response = null
    try {
      response = await window.fetch('/session/keep-alive', {
        method: 'POST',
        headers: { 'X-CSRFToken': token },
        credentials: 'same-origin',
        redirect: 'manual'
      })
    } catch (error) {
      return // Offline: the warning stays, and the person can try again.
    }
    if (response.status !== 204) {
      timedOut()
      return
    }
    dialog.close()
    if (returnFocusTo && typeof returnFocusTo.focus === 'function') returnFocusTo.focus()
    restart()
  }

  dialog.querySelector('[data-timeout-stay]').addEventListener('click', staySignedIn)
  // Escape means "not now": the same as staying signed in.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault()
    staySignedIn()
  })
  restart()
}

const idleMinutes = Number(document.body.dataset.idleMinutes)
const dialog = document.getElementById('timeout-warning')
if (idleMinutes > 0 && dialog && typeof dialog.showModal === 'function') {
  start(dialog, idleMinutes * 60 * 1000)
}
