/**
 * `chartcoder codes`: import official code-set releases into the local store and look codes up.
 *   codes import --system icd10cm --fy 2026 --order … [--tabular …] [--index …]   compile a bundle
 *   codes list                                      systems, versions, periods, counts
 *   codes show E11.9                                title, billable, hierarchy, notes, 7th character
 *   codes search "type 2 diabetes with neuropathy"  ranked, top 10 with scores
 * Thin: parse arguments, call src/code-systems, print. Exit 0 on success, 1 on a usage or data error.
 */
import type { Argv } from 'yargs';
import type { CodeSystemId } from '../contract/chart-record.js';
import { ChartcoderError } from '../contract/errors.js';
import { codeDetails } from '../code-systems/code-details.js';
import { importRelease, type ImportFiles } from '../code-systems/import-release.js';
import { loadCodeSystem, pickBundle } from '../code-systems/registry.js';
import { searchCodes } from '../code-systems/search.js';
import { showLines, importLines, listLines } from '../code-systems/report-text.js';
import { starterSystems, loadStarterCodeSystem } from '../code-systems/starter.js';
import { listBundles, resolveStore } from '../code-systems/store.js';
import type { CliIo } from './io.js';

const SYSTEMS = ['icd10cm', 'icd10pcs', 'hcpcs', 'cpt'] as const;

interface CommonArgs {
  store?: string;
}
interface ImportArgs extends CommonArgs, ImportFiles {
  system: CodeSystemId;
  fy: number;
  from?: string;
  replace: boolean;
}
interface LookupArgs extends CommonArgs {
  system?: CodeSystemId;
  release?: string;
  date?: string;
}

export function codesCommandBuilder(y: Argv, io: CliIo, setExit: (code: number) => void): Argv {
  const lookup = (a: Argv) =>
    a
      .option('system', {
        alias: 's',
        describe: 'code system (default: guessed from the code; icd10cm for search)',
        choices: SYSTEMS,
      })
      .option('release', {
        describe: 'an imported version, e.g. fy2025 (default: the newest, or the one in force on --date)',
        type: 'string',
      })
      .option('date', { describe: 'date of service YYYY-MM-DD: use the release in force that day', type: 'string' });
  return y
    .option('store', {
      describe: 'code-set store folder (default: $CHARTCODER_CODE_STORE, else ~/.chartcoder/code-sets)',
      type: 'string',
    })
    .command<ImportArgs>(
      'import',
      'compile an official release (order file, tabular/index XML, HCPCS annual file, licensed CPT file) into the store',
      (a) =>
        a
          .option('system', {
            alias: 's',
            describe: 'code system of the release',
            choices: SYSTEMS,
            demandOption: true,
          })
          .option('fy', {
            alias: 'year',
            describe: 'fiscal year (ICD-10-CM/PCS: FY N = Oct 1 N-1 … Sep 30 N) or calendar year (HCPCS, CPT)',
            type: 'number',
            demandOption: true,
          })
          .option('from', {
            describe: 'start of a mid-year update (e.g. 2026-04-01); gets its own version beside the annual one',
            type: 'string',
          })
          .option('order', {
            describe: 'ICD-10-CM/PCS order file (icd10cm_order_YYYY.txt, .gz accepted)',
            type: 'string',
          })
          .option('tabular', {
            describe: 'ICD-10-CM Tabular List XML: notes, inclusion terms, 7th characters',
            type: 'string',
          })
          .option('index', {
            describe: 'ICD-10-CM Index to Diseases and Injuries XML: index terms for the lexicon',
            type: 'string',
          })
          .option('eindex', { describe: 'ICD-10-CM External Cause Index XML (search only)', type: 'string' })
          .option('drug', { describe: 'ICD-10-CM Table of Drugs and Chemicals XML (search only)', type: 'string' })
          .option('neoplasm', { describe: 'ICD-10-CM Neoplasm Table XML (search only)', type: 'string' })
          .option('file', {
            describe:
              'HCPCS annual fixed-width file, or a licensed CPT file (code and descriptor, tab or comma separated)',
            type: 'string',
          })
          .option('replace', { describe: 'replace a version already imported', type: 'boolean', default: false })
          .example(
            '$0 codes import --system icd10cm --fy 2026 --order icd10cm_order_2026.txt --tabular icd10cm_tabular_2026.xml --index icd10cm_index_2026.xml',
            'ICD-10-CM FY2026',
          )
          .example(
            '$0 codes import --system hcpcs --fy 2026 --file HCPC2026_JAN_ANWEB.txt',
            'HCPCS Level II, calendar 2026',
          ) as unknown as Argv<ImportArgs>,
      (args) => {
        const files: ImportFiles = {
          order: args.order,
          tabular: args.tabular,
          index: args.index,
          eindex: args.eindex,
          drug: args.drug,
          neoplasm: args.neoplasm,
          file: args.file,
        };
        const result = importRelease({
          system: args.system,
          year: args.fy,
          from: args.from,
          files,
          store: resolveStore(args.store),
          replace: args.replace,
        });
        io.stdout.write(`${importLines(result.manifest, result.ms, result.dir).join('\n')}\n`);
        setExit(0);
      },
    )
    .command<CommonArgs>(
      'list',
      'list imported releases: systems, versions, effective periods, counts',
      (a) => a,
      (args) => {
        const store = resolveStore(args.store);
        const bundles = listBundles(store);
        const inForce = new Set(
          SYSTEMS.map(
            (s) =>
              pickBundle(
                s,
                bundles.filter((b) => b.manifest.system === s),
                {},
              )?.dir,
          ),
        );
        const starters = starterSystems.map((s) => loadStarterCodeSystem(s));
        io.stdout.write(`${listLines(store, bundles, inForce, starters).join('\n')}\n`);
        setExit(0);
      },
    )
    .command<LookupArgs & { code: string }>(
      'show <code>',
      'one code: title, billable, parent/children, notes (excludes, code first, …), 7th character',
      (a) =>
        lookup(a).positional('code', { type: 'string', demandOption: true }) as unknown as Argv<
          LookupArgs & { code: string }
        >,
      (args) => {
        const store = resolveStore(args.store);
        for (const id of args.system ? [args.system] : guessSystems(args.code)) {
          const system = loadCodeSystem(id, store, { version: args.release, dateOfService: args.date });
          const details = codeDetails(system, args.code);
          if (details) {
            io.stdout.write(`${showLines(system, details).join('\n')}\n`);
            return setExit(0);
          }
        }
        throw new ChartcoderError(
          'CODESET_NOT_FOUND',
          `expected a code of ${args.system ?? guessSystems(args.code).join(' or ')}; ${args.code} is not in the code set in force (see "chartcoder codes list")`,
        );
      },
    )
    .command<LookupArgs & { query: string; limit: number }>(
      'search <query>',
      'ranked search of titles, inclusion terms and index terms (top 10 with scores)',
      (a) =>
        lookup(a).positional('query', { type: 'string', demandOption: true }).option('limit', {
          alias: 'n',
          type: 'number',
          default: 10,
          describe: 'how many results',
        }) as unknown as Argv<LookupArgs & { query: string; limit: number }>,
      (args) => {
        const system = loadCodeSystem(args.system ?? 'icd10cm', resolveStore(args.store), {
          version: args.release,
          dateOfService: args.date,
        });
        const { hits, matches } = searchCodes(system, args.query, args.limit);
        io.stdout.write(
          `${system.id} ${system.version}: top ${hits.length} of ${matches.toLocaleString('en-US')} matching codes\n`,
        );
        for (const h of hits)
          io.stdout.write(
            `${h.score.toFixed(2)}  ${h.code.padEnd(8)} ${h.billable ? '' : '(header) '}${h.title}${h.matched === h.title ? '' : `  [${h.matched}]`}\n`,
          );
        setExit(0);
      },
    )
    .demandCommand(1, 'expected a codes command: import, list, show or search')
    .example('$0 codes show E11.9', 'title, hierarchy and notes of a code')
    .example('$0 codes search "type 2 diabetes with neuropathy"', 'find codes by words');
}

/** Systems whose code shape fits, most likely first: `E11.9` → icd10cm; `0DTJ4ZZ` → icd10pcs; `J1100` → hcpcs. */
export function guessSystems(code: string): CodeSystemId[] {
  const c = code.trim().toUpperCase();
  if (/^\d{4}[0-9FTU]$/.test(c)) return ['cpt'];
  if (c.includes('.')) return ['icd10cm'];
  if (/^[A-Z]\d{4}$/.test(c)) return ['hcpcs', 'icd10cm'];
  if (/^[0-9A-HJ-NP-Z]{7}$/.test(c) && /^\d/.test(c)) return ['icd10pcs'];
  if (/^[A-Z]\d[0-9A-Z]{1,5}$/.test(c)) return ['icd10cm', 'icd10pcs'];
  return ['icd10cm', 'icd10pcs', 'hcpcs', 'cpt'];
}
