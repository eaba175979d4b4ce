// Progressive enhancement only: every page works without it. Marks the page as able to run govuk-frontend, then
// starts its components (the error summary's focus, the details component).
import { initAll } from './govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
