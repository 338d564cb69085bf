/** How every command ends: with its exit code, or with an error said in one line, no stack (a person ran it). */
export async function runMain(main: (args: string[]) => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    // A reader that stops early (`| head`) is not a failure.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
      process.exitCode = 0;
      return;
    }
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
