// casemgmt front-end entry point. Load as:
//   <script type="module" src="/static/js/app.mjs"></script>
// after /static/js/js-enabled.js has run (first child of <body>): both
// libraries only initialise when <body> has the `govuk-frontend-supported`
// class that script adds.
//
// Both vendored files are ES modules exporting initAll() (MOJ Frontend 8's
// moj-frontend.min.js is a self-contained ES module, not a UMD/global script),
// so they are imported here and need no script tags of their own.
// Module scripts are deferred, so the DOM is parsed by the time this runs.
import { initAll as initGovukFrontend } from '../vendor/govuk/govuk-frontend.min.js'
import { initAll as initMojFrontend } from '../vendor/moj/moj-frontend.min.js'
import { initPossibleDuplicates } from './possible-duplicates.mjs'

initGovukFrontend()

// Note: MOJ's initAll() covers add-another, alert, button menu, date picker,
// multi-select, password reveal, PDS header, rich text editor, search toggle
// and sortable table. Filter toggle button, form validator and multi-file
// upload need per-page configuration and are not started by it.
initMojFrontend()

// Our own: possible existing records while a person is typed.
initPossibleDuplicates()
