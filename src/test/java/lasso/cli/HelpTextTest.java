package lasso.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command's help is formatted: picocli reads descriptions as format strings, and a lone {@code %}
 * makes it warn on stderr and print the text unformatted (as {@code bench deepcoder}'s "60% of" did).
 */
class HelpTextTest {

    @Test
    void everyCommandsHelpFormatsWithoutAWarning() {
        List<String> warned = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>(List.of(new CommandLine(new Lasso())));
        PrintStream err = System.err;
        try {
            for (int i = 0; i < commands.size(); i++) {
                CommandLine command = commands.get(i);
                commands.addAll(command.getSubcommands().values());
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
                String usage = command.getUsageMessage();
                assertTrue(usage.contains("Usage:"), command.getCommandName());
                if (captured.toString(StandardCharsets.UTF_8).contains("WARN")) {
                    warned.add(command.getCommandSpec().qualifiedName());
                }
            }
        } finally {
            System.setErr(err);
        }
        assertTrue(commands.size() > 20, "the commands were walked: " + commands.size());
        assertEquals(List.of(), warned);
    }
}
