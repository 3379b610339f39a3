// Start GOV.UK Frontend's components. Pages work without this.
import { initAll } from '../govuk/govuk-frontend.min.js'
import { initReveals } from './reveal.js'

initAll()
initReveals()
