import { SetupError } from '../errors.js';

export async function run(_argv: string[]): Promise<number> {
  throw new SetupError('the publish command is not built yet');
}
