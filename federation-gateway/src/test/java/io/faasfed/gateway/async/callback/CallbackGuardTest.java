package io.faasfed.gateway.async.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class CallbackGuardTest {

    private static final String PUBLIC = "93.184.216.34";

    /** Every name the tables use; a fresh one per test, so lookups can be counted. */
    private static FakeDns dns() {
        return new FakeDns()
                .map("loopback.test", "127.0.0.1")
                .map("internal.test", "10.0.0.5")
                .map("metadata.test", "169.254.169.254")
                .map("v6loopback.test", "::1")
                .map("mixed.test", PUBLIC, "10.0.0.5")
                .map("mixed-first.test", "10.0.0.5", PUBLIC)
                .map("mixed-v6.test", "2606:2800:220:1:248:1893:25c8:1946", "fd12::1")
                .map("nat64.test", "64:ff9b::a9fe:a9fe")
                .map("ula.test", "fd12::1")
                .map("cgnat.test", "100.64.1.1")
                .map("public.test", PUBLIC)
                .map("dual.test", "2606:2800:220:1:248:1893:25c8:1946", PUBLIC)
                .map("hooks.example.com", PUBLIC)
                .map("callbacks.test", PUBLIC)
                .map("a.callbacks.test", PUBLIC)
                .map("b.a.callbacks.test", PUBLIC)
                .map("evil.test", PUBLIC)
                .map("internal-receiver.test", "10.1.0.7")
                .fail("servfail.test");
    }

    /** URL, rule, and the name the guard may look up (null: it must decide without any DNS). */
    static Stream<Arguments> refused() {
        return Stream.of(
                // loopback, in every spelling
                refused("http://127.0.0.1/", "loopback"),
                refused("http://127.0.0.1:8080/hook?x=1", "loopback"),
                refused("http://127.255.255.254/", "loopback"),
                refused("http://127.1/", "loopback"),
                refused("http://127.0.1/", "loopback"),
                refused("http://2130706433/", "loopback"),
                refused("http://017700000001/", "loopback"),
                refused("http://0177.0.0.1/", "loopback"),
                refused("http://0177.0000.0000.0001/", "loopback"),
                refused("http://0x7f.0.0.1/", "loopback"),
                refused("http://0x7f000001/", "loopback"),
                refused("http://0X7F.1/", "loopback"),
                refused("http://0x7f.0x0.0.01/", "loopback"),
                refused("http://127.0.0.1./", "loopback"),
                refused("HTTP://127.0.0.1/", "loopback"),
                refused("http://localhost/", "loopback"),
                refused("http://localhost./", "loopback"),
                refused("http://LOCALHOST:8080/x", "loopback"),
                refused("http://app.localhost/", "loopback"),
                refused("http://[::1]/", "loopback"),
                refused("http://[0:0:0:0:0:0:0:1]:8080/", "loopback"),
                refused("http://[::ffff:127.0.0.1]/", "loopback"),
                refused("http://[::ffff:7f00:1]/", "loopback"),
                refused("http://[0:0:0:0:0:ffff:7f00:0001]/", "loopback"),
                refused("http://[::127.0.0.1]/", "loopback"),
                refused("http://[64:ff9b::7f00:1]/", "loopback"),
                refused("http://[2002:7f00:1::1]/", "loopback"),
                // link-local, the metadata service first
                refused("http://169.254.169.254/latest/meta-data/", "link-local"),
                refused("http://169.254.43518/", "link-local"),
                refused("http://2852039166/", "link-local"),
                refused("http://0xa9fea9fe/", "link-local"),
                refused("http://0251.0376.0251.0376/", "link-local"),
                refused("http://0xa9.0xfe.0xa9.0xfe/", "link-local"),
                refused("http://[::ffff:169.254.169.254]/", "link-local"),
                refused("http://[0:0:0:0:0:ffff:a9fe:a9fe]/", "link-local"),
                refused("http://[fe80::1]/", "link-local"),
                refused("http://[fe80::1%25eth0]/", "link-local"),
                refused("http://[FE80::A9FE:A9FE%eth0]/", "link-local"),
                // private and unique-local
                refused("http://10.0.0.5/", "private"),
                refused("http://10.1/", "private"),
                refused("http://012.0.0.1/", "private"),
                refused("http://167772165/", "private"),
                refused("http://172.16.0.1/", "private"),
                refused("http://172.31.255.255/", "private"),
                refused("http://192.168.1.1/", "private"),
                refused("http://0xc0a80101/", "private"),
                refused("http://3232235777/", "private"),
                refused("http://192.168.257/", "private"),
                refused("https://[::ffff:192.168.0.1]:8443/", "private"),
                refused("http://[::ffff:a00:5]/", "private"),
                refused("http://[fd00::1]/", "unique-local"),
                refused("http://[fc00::5]/", "unique-local"),
                refused("http://[fec0::1]/", "site-local"),
                // the other default ranges
                refused("http://0.0.0.0/", "this-network"),
                refused("http://0/", "this-network"),
                refused("http://0x0/", "this-network"),
                refused("http://[::]/", "unspecified"),
                refused("http://100.64.0.1/", "shared"),
                refused("http://198.18.0.1/", "benchmarking"),
                refused("http://224.0.0.1/", "multicast"),
                refused("http://[ff02::1]/", "multicast"),
                refused("http://255.255.255.255/", "broadcast"),
                refused("http://4294967295/", "broadcast"),
                refused("http://240.0.0.1/", "reserved"),
                // names whose DNS answers a refused address (one refused answer is enough)
                refusedVia("http://loopback.test/", "loopback", "loopback.test"),
                refusedVia("http://internal.test:9000/", "private", "internal.test"),
                refusedVia("http://metadata.test/latest/", "link-local", "metadata.test"),
                refusedVia("http://v6loopback.test/", "loopback", "v6loopback.test"),
                refusedVia("http://mixed.test/", "private", "mixed.test"),
                refusedVia("http://mixed-first.test/", "private", "mixed-first.test"),
                refusedVia("http://mixed-v6.test/", "unique-local", "mixed-v6.test"),
                refusedVia("http://nat64.test/", "link-local", "nat64.test"),
                refusedVia("http://ula.test/", "unique-local", "ula.test"),
                refusedVia("http://cgnat.test/", "shared", "cgnat.test"),
                refusedVia("http://LOOPBACK.test./", "loopback", "loopback.test"),
                refusedVia("http://nowhere.test/", "unresolvable", "nowhere.test"),
                refusedVia("http://servfail.test/", "unresolvable", "servfail.test"),
                // the URL itself
                refused("ftp://93.184.216.34/", "scheme"),
                refused("file:///etc/passwd", "scheme"),
                refused("gopher://93.184.216.34:70/", "scheme"),
                refused("jar:http://93.184.216.34/x.jar!/", "scheme"),
                refused("http://user:secret@93.184.216.34/", "userinfo"),
                refused("http://93.184.216.34@127.0.0.1/", "userinfo"),
                refused("http://93.184.216.34:0/", "port"),
                refused("http://93.184.216.34:65536/", "port"),
                refused("http://93.184.216.34:99999999999/", "port"),
                refused("/relative/hook", "malformed"),
                refused("//93.184.216.34/hook", "malformed"),
                refused("http:///hook", "malformed"),
                refused("http:hook", "malformed"),
                refused("http://exa mple.com/", "malformed"),
                refused("http://93.184.216.34:80:80/", "malformed"),
                refused("http://1.2.3.4.5/", "malformed"),
                refused("http://127.0.0.256/", "malformed"),
                refused("http://08/", "malformed"),
                refused("http://127.0.0.1../", "malformed"),
                refused("http://127.0.0.%31/", "malformed"),
                refused("http://loca%6Chost/", "malformed"),
                refused("http://\uff11\uff12\uff17.0.0.1/", "malformed"),
                refused("http://[::1/", "malformed"),
                refused("http://[::ffff:127.0.0.01]/", "malformed"),
                refused("http://[1::2::3]/", "malformed"),
                refused("http://[2606:2800:220:1:248:1893:25c8:1946%25eth0]/", "malformed"),
                refused("http://exa!mple.com/", "malformed"),
                refused("http://-evil.test/", "malformed"),
                refused("   ", "malformed"),
                refused("http://x/" + "a".repeat(CallbackGuard.MAX_URL_LENGTH), "malformed"));
    }

    private static Arguments refused(String url, String rule) {
        return Arguments.of(url, rule, null);
    }

    private static Arguments refusedVia(String url, String rule, String lookup) {
        return Arguments.of(url, rule, lookup);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource
    void refused(String url, String rule, String lookup) {
        FakeDns dns = dns();
        CallbackGuard guard = new CallbackGuard(CallbackPolicy.defaults(), dns);

        CallbackRefused refusal = refusal(guard, url);

        assertThat(refusal.rule()).as(refusal.getMessage()).isEqualTo(rule);
        assertThat(refusal.getMessage()).startsWith("callback URL refused (" + rule + "): ");
        assertThat(dns.asked()).as("names looked up").isEqualTo(lookup == null ? List.of() : List.of(lookup));
    }

    @Test
    void refusedNetworksNameTheSettingThatAllowsThem() {
        CallbackGuard guard = new CallbackGuard(CallbackPolicy.defaults(), dns());

        assertThat(refusal(guard, "http://0xa9fea9fe/").getMessage())
                .contains("169.254.169.254", "metadata", "169.254.0.0/16", "faasfed.async.callback.allowed-networks");
        assertThat(refusal(guard, "http://[::ffff:7f00:1]/").getMessage())
                .contains("embeds 127.0.0.1", "loopback", "faasfed.async.callback.allowed-networks");
        assertThat(refusal(guard, "http://mixed.test/").getMessage())
                .contains("host mixed.test resolves to 10.0.0.5", "10.0.0.0/8");
    }

    @Test
    void refusalsNeverRepeatThePathOrQuery() {
        CallbackGuard guard = new CallbackGuard(CallbackPolicy.defaults(), dns());

        assertThat(refusal(guard, "http://10.0.0.5/hook?token=s3cret").getMessage()).doesNotContain("s3cret");
        assertThat(refusal(guard, "http://user:s3cret@example.org/").getMessage()).doesNotContain("s3cret");
    }

    /** URL, the pinned address. */
    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("http://93.184.216.34/", PUBLIC),
                Arguments.of("https://93.184.216.34:8443/hook?call=1#ignored", PUBLIC),
                Arguments.of("http://1572395042/", PUBLIC),
                Arguments.of("http://0x5d.0xb8.0xd8.0x22/", PUBLIC),
                Arguments.of("http://[2606:2800:220:1:248:1893:25c8:1946]/", "2606:2800:220:1:248:1893:25c8:1946"),
                Arguments.of("http://[::ffff:93.184.216.34]/", PUBLIC),
                Arguments.of("http://[2002:5db8:d822::1]/", "2002:5db8:d822:0:0:0:0:1"),
                Arguments.of("http://public.test/hook", PUBLIC),
                Arguments.of("http://PUBLIC.test.:8080/hook", PUBLIC),
                Arguments.of("https://dual.test/", "2606:2800:220:1:248:1893:25c8:1946"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource
    void accepted(String url, String pinned) {
        CallbackGuard guard = new CallbackGuard(CallbackPolicy.defaults(), dns());

        StepVerifier.create(guard.check(url))
                .assertNext(checked -> {
                    assertThat(checked.uri().toString()).isEqualTo(url);
                    assertThat(checked.address()).isEqualTo(FakeDns.literal(pinned));
                })
                .verifyComplete();
    }

    @Test
    void checkedCallbackKeepsTheHostAsWrittenForHostHeaderAndTls() {
        CallbackGuard guard = new CallbackGuard(CallbackPolicy.defaults(), dns());

        CheckedCallback named = guard.check("https://PUBLIC.test.:8443/a%20b?x=1#frag").block(Duration.ofSeconds(5));
        assertThat(named.hostHeader()).isEqualTo("PUBLIC.test.:8443");
        assertThat(named.tlsHostName()).isEqualTo("public.test");
        assertThat(named.port()).isEqualTo(8443);
        assertThat(named.requestTarget()).isEqualTo("/a%20b?x=1");
        assertThat(named.secure()).isTrue();

        CheckedCallback literal = guard.check("http://1572395042").block(Duration.ofSeconds(5));
        assertThat(literal.hostHeader()).isEqualTo("1572395042");
        assertThat(literal.tlsHostName()).isNull();
        assertThat(literal.port()).isEqualTo(80);
        assertThat(literal.requestTarget()).isEqualTo("/");
    }

    @Test
    void allowedNetworksAcceptAnInternalReceiverAndNothingBesideIt() {
        CallbackPolicy policy = new CallbackPolicy(List.of(), List.of("10.1.0.0/16", "fd12::/64"), List.of(),
                Set.of("http", "https"), Duration.ofSeconds(10));
        CallbackGuard guard = new CallbackGuard(policy, dns());

        assertThat(guard.check("http://10.1.2.3/hook").block().address()).isEqualTo(FakeDns.literal("10.1.2.3"));
        assertThat(guard.check("http://0x0a010203/").block().address()).isEqualTo(FakeDns.literal("10.1.2.3"));
        assertThat(guard.check("http://[::ffff:10.1.2.3]/").block().address())
                .isEqualTo(FakeDns.literal("10.1.2.3"));
        assertThat(guard.check("http://internal-receiver.test/").block().address())
                .isEqualTo(FakeDns.literal("10.1.0.7"));
        assertThat(guard.check("http://ula.test/").block().address()).isEqualTo(FakeDns.literal("fd12::1"));
        assertThat(refusal(guard, "http://10.2.0.1/").rule()).isEqualTo("private");
        assertThat(refusal(guard, "http://internal.test/").rule()).isEqualTo("private");
        assertThat(refusal(guard, "http://127.0.0.1/").rule()).isEqualTo("loopback");
        assertThat(refusal(guard, "http://[fd12:0:0:1::1]/").rule()).isEqualTo("unique-local");
        // translated forms reach the network through a translator, not directly: still refused
        assertThat(refusal(guard, "http://[2002:a01:203::]/").rule()).isEqualTo("private");
        assertThat(refusal(guard, "http://[64:ff9b::a01:203]/").rule()).isEqualTo("private");
    }

    @Test
    void allowedHostsRefuseEveryOtherNameBeforeAnyLookup() {
        CallbackPolicy policy = new CallbackPolicy(List.of("Hooks.Example.com", "*.callbacks.test"), List.of(),
                List.of(), Set.of("https"), Duration.ofSeconds(10));
        FakeDns dns = dns();
        CallbackGuard guard = new CallbackGuard(policy, dns);

        assertThat(guard.check("https://hooks.example.com/").block().address()).isEqualTo(FakeDns.literal(PUBLIC));
        assertThat(guard.check("https://HOOKS.EXAMPLE.COM./x").block().address()).isEqualTo(FakeDns.literal(PUBLIC));
        assertThat(guard.check("https://a.callbacks.test/").block().address()).isEqualTo(FakeDns.literal(PUBLIC));
        assertThat(guard.check("https://b.a.callbacks.test/").block().address()).isEqualTo(FakeDns.literal(PUBLIC));
        List<String> lookedUp = dns.asked();

        for (String url : List.of("https://callbacks.test/", "https://evil.test/", "https://xcallbacks.test/",
                "https://hooks.example.com.evil.test/", "https://93.184.216.34/", "https://1572395042/")) {
            CallbackRefused refusal = refusal(guard, url);
            assertThat(refusal.rule()).as(url).isEqualTo("host-not-allowed");
            assertThat(refusal.getMessage()).contains("faasfed.async.callback.allowed-hosts");
        }
        assertThat(dns.asked()).as("no lookups for names outside the allowlist").isEqualTo(lookedUp);
        assertThat(refusal(guard, "http://hooks.example.com/").rule()).isEqualTo("scheme");
    }

    @Test
    void allowedHostsStillJudgeTheAddresses() {
        CallbackPolicy policy = new CallbackPolicy(List.of("internal.test", "93.184.216.34"), List.of(), List.of(),
                Set.of("http"), Duration.ofSeconds(10));
        CallbackGuard guard = new CallbackGuard(policy, dns());

        assertThat(refusal(guard, "http://internal.test/").rule()).isEqualTo("private");
        assertThat(guard.check("http://0x5db8d822/").block().address()).isEqualTo(FakeDns.literal(PUBLIC));
    }

    @Test
    void refusedNetworksAddToTheDefaults() {
        CallbackPolicy policy = new CallbackPolicy(List.of(), List.of(), List.of("93.184.216.0/24", "2606::/16"),
                Set.of("http", "https"), Duration.ofSeconds(10));
        CallbackGuard guard = new CallbackGuard(policy, dns());

        for (String url : List.of("http://93.184.216.34/", "http://public.test/", "http://[::ffff:93.184.216.34]/",
                "http://[2606:2800:220:1:248:1893:25c8:1946]/", "http://dual.test/")) {
            CallbackRefused refusal = refusal(guard, url);
            assertThat(refusal.rule()).as(url).isEqualTo("refused-network");
            assertThat(refusal.getMessage()).contains("faasfed.async.callback.refused-networks");
        }
        assertThat(refusal(guard, "http://10.0.0.1/").rule()).isEqualTo("private");
        assertThat(guard.check("http://93.184.217.1/").block()).isNotNull();
    }

    @Test
    void policyRefusesBadSettingsNamingTheProperty() {
        assertThatThrownBy(() -> policy(List.of(), List.of("10.1.0.0/33"), List.of(), Set.of("http")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("faasfed.async.callback.allowed-networks").hasMessageContaining("0..32");
        assertThatThrownBy(() -> policy(List.of(), List.of("10.1.2.3/16"), List.of(), Set.of("http")))
                .hasMessageContaining("faasfed.async.callback.allowed-networks")
                .hasMessageContaining("expected: 10.1.0.0/16");
        assertThatThrownBy(() -> policy(List.of(), List.of(), List.of("internal"), Set.of("http")))
                .hasMessageContaining("faasfed.async.callback.refused-networks").hasMessageContaining("not a CIDR");
        assertThatThrownBy(() -> policy(List.of(), List.of(), List.of("0177.0.0.1/32"), Set.of("http")))
                .hasMessageContaining("faasfed.async.callback.refused-networks");
        assertThatThrownBy(() -> policy(List.of("*"), List.of(), List.of(), Set.of("http")))
                .hasMessageContaining("faasfed.async.callback.allowed-hosts");
        assertThatThrownBy(() -> policy(List.of("a.*.example.com"), List.of(), List.of(), Set.of("http")))
                .hasMessageContaining("faasfed.async.callback.allowed-hosts");
        assertThatThrownBy(() -> policy(List.of(), List.of(), List.of(), Set.of("ftp")))
                .hasMessageContaining("faasfed.async.callback.schemes");
        assertThatThrownBy(() -> policy(List.of(), List.of(), List.of(), Set.of()))
                .hasMessageContaining("faasfed.async.callback.schemes");
        assertThatThrownBy(() -> new CallbackPolicy(List.of(), List.of(), List.of(), Set.of("http"), Duration.ZERO))
                .hasMessageContaining("faasfed.async.callback.timeout");
    }

    @Test
    void policyNormalisesWhatItKeeps() {
        CallbackPolicy policy = new CallbackPolicy(List.of(" Hooks.Example.COM. ", "[2606:2800::0001]"),
                List.of("fd12:0:0:0::/64", "127.0.0.1"), null, Set.of("HTTPS"), Duration.ofSeconds(3));

        assertThat(policy.allowedHosts()).containsExactly("hooks.example.com", "2606:2800:0:0:0:0:0:1");
        assertThat(policy.allowedNetworks()).containsExactly("fd12:0:0:0:0:0:0:0/64", "127.0.0.1/32");
        assertThat(policy.refusedNetworks()).isEmpty();
        assertThat(policy.schemes()).containsExactly("https");
        assertThat(CallbackPolicy.defaults().schemes()).containsExactlyInAnyOrder("http", "https");
        assertThat(CallbackPolicy.defaults().timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void systemResolverRunsOffTheEventLoopAndAnswersEveryAddress() {
        // Asked from a non-blocking thread: the lookup itself must happen on the bounded-elastic scheduler.
        AtomicReference<String> lookupThread = new AtomicReference<>();
        List<InetAddress> addresses = Mono.defer(() -> HostResolver.system().resolve("localhost"))
                .doOnNext(answer -> lookupThread.set(Thread.currentThread().getName()))
                .subscribeOn(Schedulers.parallel())
                .block(Duration.ofSeconds(10));

        assertThat(addresses).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
        assertThat(lookupThread.get()).startsWith("boundedElastic");
    }

    private static CallbackPolicy policy(List<String> hosts, List<String> allowed, List<String> refused,
                                         Set<String> schemes) {
        return new CallbackPolicy(hosts, allowed, refused, schemes, Duration.ofSeconds(10));
    }

    private static CallbackRefused refusal(CallbackGuard guard, String url) {
        CallbackRefused refusal = catchThrowableOfType(CallbackRefused.class,
                () -> guard.check(url).block(Duration.ofSeconds(5)));
        assertThat(refusal).as("refusal of " + url).isNotNull();
        return refusal;
    }
}
