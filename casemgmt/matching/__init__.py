"""Duplicate matching of people: is the person being entered (or imported) someone already held?

The core needs no Flask app (only numpy, rapidfuzz and metaphone); `services.py`, `models.py` and `cli.py`
are the parts bound to the database and the command line.

How it works, layer by layer:

- `fields.PersonFields` is the input everywhere (form, public report, API, import row, CSV): strings and a
  `BirthDate` of three optional parts. `fields.person_fields(**values)` builds one from loose values.
- `table.PeopleTable` normalises many people once into columns (name keys, Double Metaphone sounds,
  postcode sector and district, address words written out, phone and email keys).
- `blocking` gives each person keys (names' sounds in either order, a name with the other's initial, a
  name with the year of birth or town or house number, forename sound with the date of birth, the date
  of birth with day and month either way, postcode with an initial, address with town, phone, email):
  only people sharing a key are compared.
- `comparisons.compare` puts each field of each pair at a level (exact / variant / close / similar /
  different, date swapped, one part differs, postcode sector or district, ...); blank is no evidence.
- `model.MatchModel` holds m and u per level and the prior; `model.score_levels` gives weights in bits
  (log2 m/u, exact names weighed by their frequency) and the match probability.
- `estimation.train` estimates a model without labels (u from random pairs, m by EM in sessions, the
  prior from the blocked pairs); `defaults.DEFAULT_MODEL` scores until `flask matching train` stores one.
- `explain` turns a scored pair into an action band and one plain sentence per field.

The interface for the rest of the application:

- `candidates.find_candidates(person, source, model)`: the live lookup (person form, public submission,
  API create, import row). `source` is any `candidates.PeopleSource` (`people_with_keys(keys)`,
  `population()`); `candidates.InMemoryPeopleIndex` is one, and `candidates.blocking_keys(person)` gives the
  keys to file a person under in a database index. Each `Candidate` has `person_id`,
  `match_probability`, `band` and `explanation.lines()`. Matching runs across the partnership: decide
  what the user sees of each candidate with the access policy (a stub when they may not open it).
- `explain.explain(first, second, model, population)`: the explanation of any two people.
- `duplicates.find_duplicates(people, model, threshold)`: every likely pair within one set (the batch).
- `services.current_model()`: the model to score with; `services.train_model()` estimates and stores one;
  `services.person_to_fields(person)` turns a stored `Person` into `PersonFields`.
- Bands: `explain.VERY_LIKELY` (0.95) and `explain.POSSIBLY` (0.5, the default threshold everywhere).
"""
