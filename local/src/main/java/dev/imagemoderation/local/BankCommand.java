package dev.imagemoderation.local;

import dev.imagemoderation.core.memory.HashBank;
import dev.imagemoderation.core.memory.HashBankParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code ./run-local.sh bank load NAME FILE}: checks a CSV of PDQ hashes ({@code hash,quality,label} or a hash
 * per line), names its bad lines, and puts the good ones in place as bank NAME, where a running local mode
 * picks it up within a minute. {@code bank list} shows what is loaded.
 */
final class BankCommand {

    static final String USAGE = """
            usage: ./run-local.sh bank load NAME FILE    load a CSV of PDQ hashes as bank NAME (replaces it)
                   ./run-local.sh bank list              the banks in place, with their sizes
              Lines: hash[,quality[,label]], or a hash per line; # comments and a header are skipped.""";

    private BankCommand() {}

    /** @return the process's exit status */
    static int run(String[] args, Path banksDir, PrintStream out, PrintStream err) {
        if (args.length == 3 && args[0].equals("load")) {
            return load(banksDir, args[1], Path.of(args[2]), out, err);
        }
        if (args.length == 1 && args[0].equals("list")) {
            new DirectoryHashBanks(banksDir)
                    .banks()
                    .forEach(b -> out.printf(
                            "%s: %d hashes, %d bad lines%n",
                            b.name(), b.entries().size(), b.badLines().size()));
            return 0;
        }
        err.println(USAGE);
        return 2;
    }

    private static int load(Path banksDir, String name, Path csv, PrintStream out, PrintStream err) {
        if (!HashBankParser.validName(name)) {
            err.println("bank: '" + name + "' cannot name a bank: use 1 to 64 letters, digits, '_', '.' or '-'");
            return 2;
        }
        if (!Files.isRegularFile(csv)) {
            err.println("bank: " + csv + " is not a file");
            return 2;
        }
        HashBank bank;
        try {
            bank = DirectoryHashBanks.load(banksDir, name, csv);
        } catch (NoSuchFileException e) {
            err.println("bank: " + csv + " does not exist");
            return 2;
        } catch (IOException e) {
            err.println("bank: could not load " + csv + ": " + e.getMessage());
            return 1;
        }
        out.printf(
                "bank %s: %d hashes loaded into %s, %d bad lines%n",
                name,
                bank.entries().size(),
                banksDir.resolve(name + ".csv"),
                bank.badLines().size());
        bank.badLines().forEach(bad -> out.println("  " + bad));
        return bank.entries().isEmpty() && !bank.badLines().isEmpty() ? 1 : 0;
    }
}
