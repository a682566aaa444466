package io.faasfed.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubnetTest {

    private static byte[] ip(String text) {
        return Subnet.address(text).orElseThrow();
    }

    @Test
    void parsesAnIpv4Block() {
        Subnet subnet = Subnet.parse(" 10.89.0.0/24 ");

        assertThat(subnet.cidr()).isEqualTo("10.89.0.0/24");
        assertThat(subnet.prefix()).isEqualTo(24);
        assertThat(subnet.network()).containsExactly(10, 89, 0, 0);
        assertThat(subnet).hasToString("10.89.0.0/24").isEqualTo(Subnet.parse("10.89.0.0/24"));
        assertThat(subnet.hashCode()).isEqualTo(Subnet.parse("10.89.0.0/24").hashCode());
    }

    @Test
    void parsesAnIpv6BlockInItsShortestForm() {
        Subnet subnet = Subnet.parse("fd00:0089:0:0::/64");

        assertThat(subnet.cidr()).isEqualTo("fd00:89::/64");
        assertThat(subnet.network()).hasSize(16);
        assertThat(Subnet.parse("FD00:89:0:0:0:0:0:0/64")).isEqualTo(subnet);
        assertThat(Subnet.parse("2001:db8:0:1:0:0:0:0/64").cidr()).isEqualTo("2001:db8:0:1::/64");
        assertThat(Subnet.parse("2001:0:0:1:0:0:0:0/128").cidr()).isEqualTo("2001:0:0:1::/128");
        assertThat(Subnet.parse("2001:db8:0:0:1:0:0:0/128").cidr()).as("the longest run").isEqualTo("2001:db8:0:0:1::/128");
        assertThat(Subnet.parse("2001:db8:0:0:1:2:0:0/128").cidr()).as("the first of two equal runs").isEqualTo("2001:db8::1:2:0:0/128");
        assertThat(Subnet.parse("2001:db8:0:1:2:3:4:5/128").cidr()).as("one zero group stays").isEqualTo("2001:db8:0:1:2:3:4:5/128");
        assertThat(Subnet.parse("2001:db8::/127").contains(ip("2001:db8::1"))).isTrue();
    }

    @Test
    void refusesABlockWithHostBitsSetNamingItsNetworkAddress() {
        assertThatThrownBy(() -> Subnet.parse("10.89.0.1/24"))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.INVALID_INPUT);
                    assertThat(e.getMessage()).isEqualTo("The subnet '10.89.0.1/24' is not usable: host bits are set; "
                            + "the network address of that block is 10.89.0.0/24.");
                    assertThat(e.hint()).contains("--subnet 10.89.0.0/24");
                });
        assertThatThrownBy(() -> Subnet.parse("fd00::1/64")).hasMessageContaining("fd00::/64");
    }

    @Test
    void refusesWhatIsNotABlock() {
        assertThatThrownBy(() -> Subnet.parse("10.89.0.0")).hasMessageContaining("it has no prefix length");
        assertThatThrownBy(() -> Subnet.parse("10.89.0.0/x")).hasMessageContaining("the prefix length is not a number");
        assertThatThrownBy(() -> Subnet.parse("10.89.0.0/0")).hasMessageContaining("between 1 and 32");
        assertThatThrownBy(() -> Subnet.parse("10.89.0.0/33")).hasMessageContaining("between 1 and 32");
        assertThatThrownBy(() -> Subnet.parse("fd00::/129")).hasMessageContaining("between 1 and 128");
        assertThatThrownBy(() -> Subnet.parse("localhost/8")).hasMessageContaining("'localhost' is not an IP address");
        assertThatThrownBy(() -> Subnet.parse("300.1.1.0/24")).hasMessageContaining("'300.1.1.0' is not an IP address");
        assertThatThrownBy(() -> Subnet.parse(null)).isInstanceOf(SetupException.class);
        assertThatThrownBy(() -> Subnet.parse("/24")).hasMessageContaining("'' is not an IP address");
    }

    @Test
    void addressesAreLiteralsNeverNames() {
        assertThat(Subnet.address("10.0.0.1")).isPresent();
        assertThat(Subnet.address("::1")).isPresent();
        assertThat(Subnet.address("example.com")).isEmpty();
        assertThat(Subnet.address("10.0.0")).isEmpty();
        assertThat(Subnet.address(null)).isEmpty();
    }

    @Test
    void overlapsWhenOneContainsTheOther() {
        Subnet wide = Subnet.parse("10.0.0.0/8");
        Subnet narrow = Subnet.parse("10.89.0.0/24");

        assertThat(wide.overlaps(narrow)).isTrue();
        assertThat(narrow.overlaps(wide)).isTrue();
        assertThat(narrow.overlaps(narrow)).isTrue();
        assertThat(narrow.overlaps(Subnet.parse("10.89.1.0/24"))).isFalse();
        assertThat(Subnet.parse("10.89.0.0/23").overlaps(Subnet.parse("10.89.1.0/24"))).isTrue();
        assertThat(narrow.overlaps(Subnet.parse("172.17.0.0/16"))).isFalse();
        assertThat(Subnet.parse("fd00::/8").overlaps(Subnet.parse("fd00:89::/64"))).isTrue();
        assertThat(narrow.overlaps(Subnet.parse("fd00::/8"))).as("IPv4 and IPv6 never overlap").isFalse();
    }

    @Test
    void containsTheAddressesOfTheBlockOnly() {
        Subnet subnet = Subnet.parse("10.89.0.0/24");

        assertThat(subnet.contains(ip("10.89.0.1"))).isTrue();
        assertThat(subnet.contains(ip("10.89.0.255"))).isTrue();
        assertThat(subnet.contains(ip("10.89.1.1"))).isFalse();
        assertThat(subnet.contains(ip("fd00::1"))).isFalse();
        assertThat(Subnet.parse("10.89.0.0/20").contains(ip("10.89.15.254"))).isTrue();
        assertThat(Subnet.parse("10.89.0.0/20").contains(ip("10.89.16.1"))).isFalse();
    }
}
