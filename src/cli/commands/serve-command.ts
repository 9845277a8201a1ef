import { parseArgs } from 'node:util';
import { Engine } from '../../engine/engine';
import { detachedContext } from '../../engine/jobs/job-context';
import { startBrowserServer } from '../../server/browser-server';
import { intOption, workspaceOption } from '../cli-options';
import { openInBrowser } from '../open-browser';
import { rendererRoot } from '../renderer-location';
import { generateDemoWithProgress } from './demo-command';

export const SERVE_USAGE = 'segment-workbench serve [--port P] [--workspace PATH] [--no-open] [--demo-customers N]';

/**
 * Browser mode. On an empty workspace the demo bank is generated first, so a new user sees data
 * at once. Prints exactly one line to stdout: the URL with its token.
 */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      workspace: { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      'demo-customers': { type: 'string' },
    },
  });
  const root = rendererRoot();
  const engine = await Engine.open({ path: workspaceOption(values.workspace) });
  if (!(await engine.hasData(detachedContext()))) {
    await generateDemoWithProgress(engine.connectClient(), { customers: intOption('demo-customers', values['demo-customers'], 50_000) });
  }
  const server = await startBrowserServer({ engine, rendererRoot: root, port: intOption('port', values.port, 0) });
  process.stdout.write(`Segment Workbench: ${server.url}\n`);
  if (!values['no-open']) openInBrowser(server.url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  engine.close();
  return 0;
}
