import type { ServerResponse } from 'node:http';

export function pumpHugeBody(res: ServerResponse, mb?: number): void;
