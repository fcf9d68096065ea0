/** GitHub Actions workflow commands (`::error file=…,title=…::message`), escaped as the runner reads them. */

// A command ends at a newline and `%` starts an escape; property values also end at ':' and ','.
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One workflow command line; properties left undefined are omitted. */
export function workflowCommand(command: 'error' | 'warning' | 'notice', props: Record<string, string | number | undefined>, message: string): string {
  const p = Object.entries(props)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${prop(String(v))}`)
    .join(',');
  return `::${command}${p ? ` ${p}` : ''}::${data(message)}`;
}
