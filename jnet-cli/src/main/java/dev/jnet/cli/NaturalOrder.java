package dev.jnet.cli;

import java.util.Comparator;

/**
 * The order docker's {@code ls} commands sort names in: runs of digits compare as numbers ({@code net2}
 * before {@code net10}), digits come before other characters, other characters compare by code unit;
 * of two equal numbers the one with fewer leading zeros comes first, and a name that is a prefix of
 * another comes first.
 */
final class NaturalOrder implements Comparator<String> {
    static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {}

    @Override
    public int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            boolean digitX = isDigit(x);
            boolean digitY = isDigit(y);
            if (digitX != digitY) {
                return digitX ? -1 : 1;
            }
            if (!digitX) {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
                continue;
            }
            int zerosEndA = skip(a, i, '0');
            int zerosEndB = skip(b, j, '0');
            int endA = digitsEnd(a, zerosEndA);
            int endB = digitsEnd(b, zerosEndB);
            int byLength = Integer.compare(endA - zerosEndA, endB - zerosEndB);
            if (byLength != 0) {
                return byLength;
            }
            int byDigits = a.substring(zerosEndA, endA).compareTo(b.substring(zerosEndB, endB));
            if (byDigits != 0) {
                return byDigits;
            }
            if (zerosEndA - i != zerosEndB - j) {
                return Integer.compare(zerosEndA - i, zerosEndB - j);
            }
            i = endA;
            j = endB;
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int skip(String s, int from, char c) {
        int i = from;
        while (i < s.length() && s.charAt(i) == c) {
            i++;
        }
        return i;
    }

    private static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
