package io.o2pool.ocfs2.conf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** C's strtoul/strtol acceptance, as the tools rely on it. */
class CNumbersTest {
    @ParameterizedTest(name = "strtoul({0})")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "7777"                 | OK           | 7777
            "+5"                   | OK           | 5
            "-0"                   | OK           | 0
            "007"                  | OK           | 7
            "\r5"                  | OK           | 5
            ""                     | OK           | 0
            "-1"                   | OK           | -1
            "0x1"                  | NOT_A_NUMBER | 0
            " "                    | NOT_A_NUMBER | 0
            "5 "                   | NOT_A_NUMBER | 0
            "+"                    | NOT_A_NUMBER | 0
            "18446744073709551615" | OK           | -1
            "18446744073709551616" | OVERFLOW     | -1
            """)
    void strtoul(String text, CNumbers.Status status, long value) {
        assertThat(CNumbers.strtoul(text.replace("\\r", "\r"))).isEqualTo(new CNumbers.Conversion(status, value));
    }

    @ParameterizedTest(name = "strtol({0}, 0)")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "0x10"                 | OK           | 16
            "0X1F"                 | OK           | 31
            "010"                  | OK           | 8
            "09"                   | NOT_A_NUMBER | 0
            "0x"                   | NOT_A_NUMBER | 0
            " 5"                   | OK           | 5
            "-2"                   | OK           | -2
            "abc"                  | NOT_A_NUMBER | 0
            "99999999999999999999" | OVERFLOW     | 9223372036854775807
            "-99999999999999999999"| OVERFLOW     | -9223372036854775808
            """)
    void strtolBase0(String text, CNumbers.Status status, long value) {
        assertThat(CNumbers.strtol(text, 0)).isEqualTo(new CNumbers.Conversion(status, value));
    }
}
