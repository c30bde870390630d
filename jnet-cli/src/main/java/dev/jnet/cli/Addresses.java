package dev.jnet.cli;

import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import picocli.CommandLine;

import java.net.InetAddress;

/** Converters for options that take an IP address or a CIDR: never a name lookup, a clear message when wrong. */
final class Addresses {
    private Addresses() {}

    /** {@code 10.1.0.0/24}, {@code fd00:1::/64}. */
    static final class CidrConverter implements CommandLine.ITypeConverter<Cidr> {
        @Override
        public Cidr convert(String value) {
            if (value.indexOf('/') < 0) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a CIDR (ADDRESS/PREFIX, such as 10.1.0.0/24)");
            }
            try {
                return Cidr.parse(value);
            } catch (JnetException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code 10.1.0.1}, {@code fd00:1::1}. */
    static final class AddressConverter implements CommandLine.ITypeConverter<InetAddress> {
        @Override
        public InetAddress convert(String value) {
            try {
                return Cidr.parseAddress(value);
            } catch (JnetException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an IP address");
            }
        }
    }

    /** {@code --aux-address NAME=ADDRESS}. */
    record Aux(String name, InetAddress address) {
        static final class Converter implements CommandLine.ITypeConverter<Aux> {
            @Override
            public Aux convert(String value) {
                KeyValue pair = KeyValue.parse(value);
                return new Aux(pair.key(), new AddressConverter().convert(pair.value()));
            }
        }
    }
}
