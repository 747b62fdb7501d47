// SPDX-License-Identifier: GPL-3.0-or-later
//
// validate-fhir.js: checks FHIR R4 JSON files with a published validator,
// the npm package "fhir" (FHIR.js: structure, cardinality, data types,
// required value sets, unknown members), then what it leaves out: the
// formats of ids and dates, and that every reference inside a Bundle
// names one of its entries. Prints each problem; exits 1 if there is any.
//
//   NODE_PATH=_build/node/node_modules node validate-fhir.js FILE…
'use strict';

const fs = require('fs');
const { Fhir } = require('fhir');

const fhir = new Fhir();
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// FHIR R4's regular expressions for date, dateTime and instant.
const DATE = /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?$/;
const DATE_TIME = /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$/;
const INSTANT = /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;
const FORMATS = {
  birthDate: DATE, authoredOn: DATE_TIME, recordedDate: DATE_TIME, effectiveDateTime: DATE_TIME,
  occurrenceDateTime: DATE_TIME, start: DATE_TIME, end: DATE_TIME, issued: INSTANT,
  lastUpdated: INSTANT, timestamp: INSTANT,
};

let problems = 0;
let resources = 0;
// Warnings and notes, counted: most say that a code system the package
// does not ship (LOINC, SNOMED CT) has no list to look the code up in.
const notes = new Map();

function problem (file, where, message) {
  console.log(`${file}: ${where}: ${message}`);
  problems++;
}

// Walks a resource: formats of dates, and the references it makes.
function walk (file, value, path, references) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(file, v, `${path}[${i}]`, references));
    return;
  }
  if (value === null || typeof value !== 'object')
    return;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'reference' && typeof v === 'string')
      references.push([path, v]);
    if (FORMATS[key] && typeof v === 'string' && !FORMATS[key].test(v))
      problem(file, `${path}.${key}`, `"${v}" is not a FHIR ${key === 'birthDate' ? 'date' : 'date-time'}`);
    walk(file, v, `${path}.${key}`, references);
  }
}

for (const file of process.argv.slice(2)) {
  let bundle;
  try {
    bundle = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    problem(file, 'file', e.message);
    continue;
  }
  const result = fhir.validate(bundle, { errorOnUnexpected: true });
  for (const m of result.messages) {
    if (m.severity === 'error')
      problem(file, `${m.location} (${m.resourceId})`, m.message);
    else {
      const key = `${m.severity}: ${m.location.replace(/\[[0-9]+\]/g, '[]')}: ${m.message}`;
      notes.set(key, (notes.get(key) || 0) + 1);
    }
  }
  if (bundle.resourceType !== 'Bundle' || !Array.isArray(bundle.entry)) {
    problem(file, 'Bundle', 'not a Bundle with entries');
    continue;
  }
  const urls = new Set();
  const references = [];
  bundle.entry.forEach((entry, i) => {
    const r = entry.resource || {};
    resources++;
    if (!UUID_URN.test(entry.fullUrl || ''))
      problem(file, `entry[${i}].fullUrl`, `"${entry.fullUrl}" is not urn:uuid:…`);
    if (urls.has(entry.fullUrl))
      problem(file, `entry[${i}].fullUrl`, `"${entry.fullUrl}" appears twice`);
    urls.add(entry.fullUrl);
    if (!ID.test(r.id || '') || entry.fullUrl !== `urn:uuid:${r.id}`)
      problem(file, `entry[${i}].resource.id`, `"${r.id}" does not match the fullUrl`);
    walk(file, r, `entry[${i}].${r.resourceType}`, references);
  });
  walk(file, { meta: bundle.meta, timestamp: bundle.timestamp }, 'Bundle', []);
  for (const [path, ref] of references)
    if (!urls.has(ref))
      problem(file, path, `refers to ${ref}, which is not in the bundle`);
}

for (const [key, n] of [...notes].sort())
  console.log(`${n} × ${key}`);
console.log(`${process.argv.length - 2} files, ${resources} resources, ${problems} problems`);
process.exit(problems ? 1 : 0);
