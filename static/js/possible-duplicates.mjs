// Possible existing records while a person is typed (add a person; each new person when logging an incident).
//
// Progressive enhancement: without JavaScript the "Check for existing records" button posts the form back and
// the page lists the records in the same panel. With it, each panel
//   <div data-module="app-possible-duplicates" data-candidates-url="..." data-fields-prefix="new_people-0-"
//        data-use-row="0">
// is filled from the JSON endpoint as the officer types a name, date of birth, address or postcode. The list is
// built with DOM methods and textContent only (no HTML from the server is inserted), so names cannot inject
// markup, and the page's Content-Security-Policy (no inline script, no inline style) holds.

const TYPING_PAUSE_MS = 400
const FIELDS = ['forename', 'surname', 'address_line1', 'town', 'postcode', 'phone', 'email']

function element (tag, className, text) {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

// The three date boxes as YYYY-MM-DD, YYYY-MM or YYYY (as much as is known), or '' when there is no year.
function dateOfBirth (inputs) {
  const [day, month, year] = Array.from(inputs, (input) => input.value.trim())
  if (!/^\d{4}$/.test(year)) return ''
  const two = (value) => (/^\d{1,2}$/.test(value) ? value.padStart(2, '0') : '')
  if (!two(month)) return year
  return two(day) ? `${year}-${two(month)}-${two(day)}` : `${year}-${two(month)}`
}

function bandTag (band) {
  const colour = band === 'Very likely the same person' ? 'govuk-tag--red' : 'govuk-tag--yellow'
  return element('strong', `govuk-tag ${colour} app-duplicate-band`, band)
}

function visibleItem (candidate, useRow) {
  const item = element('li', 'govuk-!-margin-bottom-4 app-possible-duplicate')
  const link = element('a', 'govuk-link govuk-!-font-weight-bold', candidate.display)
  link.href = candidate.url
  item.append(link, ' ', bandTag(candidate.band), element('br'), element('span', 'govuk-body-s', candidate.detail))
  const details = element('details', 'govuk-details govuk-!-margin-top-2 govuk-!-margin-bottom-2')
  const summary = element('summary', 'govuk-details__summary')
  summary.append(element('span', 'govuk-details__summary-text', 'Why they may be the same person'))
  const reasons = element('ul', 'govuk-list govuk-list--bullet app-duplicate-explanation')
  candidate.explanation.forEach((line) => reasons.append(element('li', '', line)))
  const text = element('div', 'govuk-details__text')
  text.append(reasons)
  details.append(summary, text)
  item.append(details)
  if (useRow !== undefined) {
    // A real submit button: it posts the form, which puts this person in the new person's place.
    const use = element('button', 'govuk-button govuk-button--secondary', 'Use this person')
    use.type = 'submit'
    use.name = 'action'
    use.value = `use-person-${useRow}-${candidate.person_id}`
    use.append(element('span', 'govuk-visually-hidden', ` ${candidate.display} instead of new person ${Number(useRow) + 1}`))
    item.append(use)
  }
  return item
}

function stubItem (candidate) {
  const item = element('li', 'govuk-!-margin-bottom-4 app-possible-duplicate')
  // A police record someone without vetting may not see: no request could show it, so none is offered.
  let access = element('span', 'govuk-body-s app-needs-vetting', 'Police record: needs police vetting to see')
  if (candidate.request_access) {
    access = element('a', 'govuk-link app-request-access', 'Request access')
    access.href = candidate.request_access
    access.append(element('span', 'govuk-visually-hidden', ` to ${candidate.display}`))
  }
  item.append(
    element('span', 'govuk-!-font-weight-bold app-stub-name', candidate.display), ' ',
    element('strong', 'govuk-tag govuk-tag--grey app-restricted-tag', 'Restricted'), element('br'),
    element('span', 'govuk-body-s app-stub-organisations', `Person record held by ${candidate.organisations.join(', ')}`),
    element('br'), access, element('br'), bandTag(candidate.band), ' ',
    element('span', 'govuk-body-s app-duplicate-agreeing', `Matches on ${candidate.agreeing}`)
  )
  return item
}

function show (panel, candidates) {
  const useRow = panel.dataset.useRow
  if (!candidates.length) {
    panel.replaceChildren(element('p', 'govuk-body app-no-duplicates', 'No existing records look like this person.'))
    return
  }
  const list = element('ul', 'govuk-list')
  candidates.forEach((candidate) => list.append(candidate.restricted ? stubItem(candidate) : visibleItem(candidate, useRow)))
  panel.replaceChildren(element('h3', 'govuk-heading-s', 'Existing records that may be this person'), list)
}

function watch (panel) {
  const form = panel.closest('form')
  const prefix = panel.dataset.fieldsPrefix || ''
  const named = (name) => form.querySelectorAll(`[name="${prefix}${name}"]`)
  let timer, inFlight, lastQuery

  async function lookUp () {
    const query = new URLSearchParams()
    FIELDS.forEach((name) => {
      const input = named(name)[0]
      if (input && input.value.trim()) query.set(name, input.value.trim())
    })
    const born = dateOfBirth(named('date_of_birth'))
    if (born) query.set('date_of_birth', born)
    // A name and one more thing to go on; and never the same question twice in a row.
    const enough = (query.get('forename') || query.get('surname')) && Array.from(query.keys()).length >= 2
    if (!enough || query.toString() === lastQuery) return
    lastQuery = query.toString()
    if (inFlight) inFlight.abort()
    inFlight = new AbortController()
    try {
      const response = await fetch(`${panel.dataset.candidatesUrl}?${query}`, {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
        signal: inFlight.signal
      })
      if (response.ok) show(panel, (await response.json()).candidates)
    } catch (error) {
      if (error.name !== 'AbortError') lastQuery = undefined // try again on the next keystroke
    }
  }

  const inputs = [...FIELDS, 'date_of_birth'].flatMap((name) => Array.from(named(name)))
  inputs.forEach((input) => input.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(lookUp, TYPING_PAUSE_MS)
  }))
}

export function initPossibleDuplicates (root = document) {
  root.querySelectorAll('[data-module="app-possible-duplicates"]').forEach(watch)
}
