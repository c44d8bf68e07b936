import { actionWith, checkHeaderBodyFooter } from './parts.js';
import { arrayAt, objectAt, onlyKeys, optionalString, refuse, requiredString, type Json, type Run } from '../check.js';

// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-list-messages
// button label required, maximum 20; 1 to 10 sections, section title maximum 24; at least 1 and at most 10 rows in
// all; row id maximum 200, title maximum 24, description maximum 72; header text only, maximum 60; footer 60;
// body maximum 4096 on this page (1024 in Meta's generic interactive reference: accepted with a warning).
// The page marks section titles required; Meta's API reference only when there is more than one section.
export function checkListMessage(interactive: Json, run: Run): void {
  checkHeaderBodyFooter(interactive, run, ['text'], 1024, 4096);
  const action = actionWith(interactive, ['button', 'sections']);
  requiredString(action, 'button', 'interactive.action', 20);
  const sections = arrayAt(action.sections, 'interactive.action.sections');
  if (sections.length === 0) refuse(131008, 'interactive.action.sections is empty, Meta needs at least 1 section');
  if (sections.length > 10) refuse(100, `interactive.action.sections has ${sections.length} sections, Meta allows 10`);
  let rows = 0;
  const ids = new Set<string>();
  sections.forEach((item, i) => {
    const path = `interactive.action.sections[${i}]`;
    const section = objectAt(item, path);
    onlyKeys(section, path, ['title', 'rows']);
    if (sections.length > 1) requiredString(section, 'title', path, 24);
    else if (optionalString(section, 'title', path, 24) === undefined) {
      run.warnings.push(
        `${path}.title is missing: the list page marks it required, the API reference not for one section`,
      );
    }
    const sectionRows = arrayAt(section.rows, `${path}.rows`);
    if (sectionRows.length === 0) refuse(131008, `${path}.rows is empty, each section needs at least 1 row`);
    sectionRows.forEach((rowItem, j) => {
      const rowPath = `${path}.rows[${j}]`;
      const row = objectAt(rowItem, rowPath);
      onlyKeys(row, rowPath, ['id', 'title', 'description']);
      const id = requiredString(row, 'id', rowPath, 200);
      requiredString(row, 'title', rowPath, 24);
      optionalString(row, 'description', rowPath, 72);
      if (ids.has(id)) run.warnings.push(`${rowPath}.id "${id}" is used twice: replies could not tell the rows apart`);
      ids.add(id);
    });
    rows += sectionRows.length;
  });
  if (rows > 10) refuse(100, `interactive.action.sections has ${rows} rows in all, Meta allows 10`);
}
