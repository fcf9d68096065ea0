/** GitHub Actions workflow commands (`::error file=…,title=…::message`), escaped as the runner reads them. */
import { githubData as data, githubProp as prop } from '../util/escape.js';

/** One workflow command line; properties left undefined are omitted. */
export function workflowCommand(command: 'error' | 'warning' | 'notice', props: Record<string, string | number | undefined>, message: string): string {
  const p = Object.entries(props)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${prop(String(v))}`)
    .join(',');
  return `::${command}${p ? ` ${p}` : ''}::${data(message)}`;
}
