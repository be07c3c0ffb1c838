package io.footfall.cli;

import io.footfall.testing.ChildJvm;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * A long-running {@code footfall} command in a JVM of its own, for tests: its output goes to stdout, and once the command
 * prints its "... running ..." line this prints {@link ChildJvm#READY}. Arguments: the command line.
 */
public final class CommandProcessMain {

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new Writer() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(char[] chars, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    System.out.print(chars[i]);
                    if (chars[i] != '\n') {
                        line.append(chars[i]);
                    } else {
                        if (line.toString().contains(" running")) {
                            System.out.println(ChildJvm.READY);
                        }
                        line.setLength(0);
                    }
                }
            }

            @Override
            public void flush() {
                System.out.flush();
            }

            @Override
            public void close() {
                flush();
            }
        }, true);
        System.exit(Footfall.run(out, new PrintWriter(System.err, true), args));
    }
}
