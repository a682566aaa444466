package io.faasfed.cli;

public final class FaasfedCli {
    public static void main(String[] args) {
    }
}
