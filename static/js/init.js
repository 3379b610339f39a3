// Start GOV.UK Frontend's components. Pages work without this.
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()
