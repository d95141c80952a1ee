/**
 * The units a batch codes: one per chart, or, when the manifest names encounters (`encounter_id`), one per
 * encounter holding all its documents, so they are coded, written and journaled as one. Decided from the listed
 * inputs alone (a resume regroups them the same way). A unit is in the place of its first document (chart-id
 * order); without any encounter id the inputs are the units, unchanged.
 * Checked here, each a coded error on those documents while the batch goes on:
 *  - documents of one encounter that disagree on encounter type, date of service or patient fail together
 *    (INPUT_ENCOUNTER_MISMATCH): which one is right is for a person to say;
 *  - an encounter id that is the chart id of a document outside it would name two outputs alike: its documents
 *    fail alone (INPUT_DUPLICATE_ID).
 * In a batch with encounters, a document without an encounter id is an encounter of its own, named by its chart id.
 */
import type { IssueCode } from '../contract/issue-codes.js';
import type { ChartInput } from '../ingest/list-inputs.js';

/** Whether any input names an encounter: the batch is then written per encounter. */
export function hasEncounters(inputs: readonly ChartInput[]): boolean {
  return inputs.some((i) => i.encounterId !== undefined);
}

export function encounterUnits(inputs: readonly ChartInput[]): ChartInput[] {
  if (!hasEncounters(inputs)) return [...inputs];
  const byEncounter = new Map<string, ChartInput[]>();
  for (const input of inputs) {
    // Apart from chart ids: a document outside the encounter whose chart id is the encounter's id stays apart.
    const key = input.encounterId !== undefined ? `e:${input.encounterId}` : `c:${input.id}`;
    const list = byEncounter.get(key);
    if (list) list.push(input);
    else byEncounter.set(key, [input]);
  }
  const chartIds = new Set(inputs.map((i) => i.id));
  const units: ChartInput[] = [];
  for (const docs of byEncounter.values()) {
    const id = docs[0]!.encounterId ?? docs[0]!.id;
    const taken = docs[0]!.encounterId !== undefined && chartIds.has(id) && !docs.some((d) => d.id === id);
    if (taken) {
      // Each document alone, under its own chart id, failed: nothing is dropped and no two outputs share a name.
      for (const d of docs) units.push(unitOf(d.id, [withProblem(d, 'INPUT_DUPLICATE_ID', takenMessage(id))]));
      continue;
    }
    units.push(unitOf(id, checkAgreement(id, docs)));
  }
  return units;
}

function unitOf(id: string, documents: ChartInput[]): ChartInput {
  const first = documents[0]!;
  return {
    id,
    path: first.path,
    ...(first.encounterType ? { encounterType: first.encounterType } : {}),
    ...(first.dateOfService ? { dateOfService: first.dateOfService } : {}),
    ...(first.patientId ? { patientId: first.patientId } : {}),
    documents,
  };
}

const takenMessage = (id: string) =>
  `encounter id ${id} is the chart id of a document outside this encounter; give the encounter another id`;

const FIELDS = [
  ['encounter_type', (i: ChartInput) => i.encounterType ?? ''],
  ['date_of_service', (i: ChartInput) => i.dateOfService ?? ''],
  ['patient_id', (i: ChartInput) => i.patientId ?? ''],
] as const;

/** The documents as they are, or each failed when they disagree on a field of the encounter (values never quoted). */
function checkAgreement(id: string, docs: ChartInput[]): ChartInput[] {
  const differ = FIELDS.filter(([, get]) => new Set(docs.map(get)).size > 1).map(([name]) => name);
  if (differ.length === 0) return docs;
  const message = `the documents of encounter ${id} (${docs.map((d) => d.id).join(', ')}) disagree on ${differ.join(', ')}; correct the manifest`;
  return docs.map((d) => withProblem(d, 'INPUT_ENCOUNTER_MISMATCH', message));
}

/** The input failed with `code`, unless it already fails for a reason of its own found first. */
function withProblem(input: ChartInput, code: IssueCode, message: string): ChartInput {
  return input.problem ? input : { ...input, problem: { code, message } };
}

/** How many charts (documents) a unit holds. */
export const chartsIn = (unit: ChartInput): number => unit.documents?.length ?? 1;
