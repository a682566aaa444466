package io.faasfed.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.InvalidArgument;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import io.faasfed.gateway.support.Generated;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link FunctionPath#parse}: whatever the path, it either names a function with a safe extra path or
 * is refused with one of the two documented exceptions; an accepted extra path never decodes to a dot segment, a
 * slash inside a segment, a backslash or a control character, and is kept exactly as sent.
 */
class FunctionPathPropertyTest {

    /** Pieces that make paths interesting: every spelling of a dot, slash and backslash, and broken encodings. */
    private static final List<String> PIECES = List.of("..", ".", "/", "//", "%2e", "%2E", "%2F", "%2f", "%5C", "%5c",
            "\\", ";", ";x=1", "%", "%0", "%00", "%0a", "%7F", "%C0%AE", "%E2%82%AC", "%FF", "%25", "%20", "+", "a",
            "echo", "x", "@", "-", "_", "openfaas-fn", "%252e", "?", "#", "é", "\u0000", "\u202e");

    @Test
    void anyPathNamesAFunctionSafelyOrIsRefused() {
        Generated.forAll("a generated path parses safely or is refused", 1000, FunctionPathPropertyTest::path,
                FunctionPathPropertyTest::checkParse);
    }

    @Test
    void anyStringAfterThePrefixNamesAFunctionSafelyOrIsRefused() {
        Generated.forAll("any tail after /function/ parses safely or is refused", 500,
                random -> "/function/" + Generated.anyString(random, 40), FunctionPathPropertyTest::checkParse);
    }

    @Test
    void anyStringAtAllNamesAFunctionSafelyOrIsRefused() {
        Generated.forAll("any string parses safely or is refused", 200, random -> Generated.anyString(random, 40),
                FunctionPathPropertyTest::checkParse);
    }

    private static String path(Random random) {
        String pieces = Generated.joined(random, PIECES, 12);
        return Generated.oneOf(random, "/function/" + pieces, "/function/echo/" + pieces,
                "/function/echo.openfaas-fn/" + pieces, pieces);
    }

    private static void checkParse(String path) {
        FunctionPath parsed;
        try {
            parsed = FunctionPath.parse(path, "/function/", "openfaas-fn");
        } catch (InvalidArgument | FaasException.FunctionNotFound refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(path).startsWith("/function/").endsWith(parsed.extraPath());
        assertThat(parsed.name()).doesNotContain("%", "/", "\\", ";").isNotIn(".", "..");
        if (parsed.scope() != null) {
            assertThat(parsed.scope()).doesNotContain("%", "/", "\\", ";", ".");
        }
        if (parsed.extraPath().isEmpty()) {
            return;
        }
        assertThat(parsed.extraPath()).startsWith("/");
        for (String segment : parsed.extraPath().substring(1).split("/", -1)) {
            String decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            String bare = decoded.contains(";") ? decoded.substring(0, decoded.indexOf(';')) : decoded;
            assertThat(bare).as("segment %s of %s", segment, path).isNotIn(".", "..");
            assertThat(decoded).as("segment %s of %s", segment, path).doesNotContain("/", "\\");
            assertThat(decoded.chars().noneMatch(c -> c < 0x20 || c == 0x7f))
                    .as("segment %s of %s has no control character", segment, path).isTrue();
        }
    }
}
