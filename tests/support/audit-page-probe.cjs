// Renders npm run audit's HTML page with jsdom and prints what it shows as JSON. A child process of
// the test, not an import: jsdom 27 loads ES modules, which Jest's CommonJS runtime cannot require
// (plain Node 20.19+ can). Usage: node audit-page-probe.cjs <page.html>
const { readFileSync } = require('node:fs');
const { JSDOM, VirtualConsole } = require('jsdom');

const html = readFileSync(process.argv[2], 'utf8');
const errors = [];
const virtualConsole = new VirtualConsole();
virtualConsole.on('jsdomError', (error) => errors.push(error.message));
for (const level of ['error', 'warn', 'log', 'info']) virtualConsole.on(level, (message) => errors.push(`${level}: ${message}`));
const { window } = new JSDOM(html, { runScripts: 'dangerously', virtualConsole });
const { document } = window;
const text = (node) => (node ? node.textContent : null);
const facts = {
  h1: text(document.querySelector('h1')),
  headings: [...document.querySelectorAll('h2')].map(text),
  bars: [...document.querySelectorAll('svg.hist rect title')].map(text),
  rows: [...document.querySelectorAll('tr.dispatch')].map((row) => ({
    inbound: row.getAttribute('data-inbound'),
    outcome: row.getAttribute('data-outcome'),
    attention: row.classList.contains('attention'),
    cells: [...row.querySelectorAll('td')].slice(0, 4).map(text),
    steps: text(row.querySelector('.steps')),
    dots: row.querySelectorAll('svg.tl circle').length,
  })),
};
document.getElementById('only-failures').click();
facts.filterToggles = document.body.classList.contains('only-failures');
facts.errors = errors;
process.stdout.write(JSON.stringify(facts));
