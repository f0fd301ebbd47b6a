/**
 * Ports of the console and emulator that the end-to-end run starts, chosen away from `npm start`'s
 * 3000 and 4566 so a developer's running console is neither reused nor disturbed.
 */
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const E2E_EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4600);

export const E2E_APP_URL = `http://127.0.0.1:${E2E_APP_PORT}`;
export const E2E_EMULATOR_URL = `http://127.0.0.1:${E2E_EMULATOR_PORT}`;
