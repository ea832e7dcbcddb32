//! Reading an argument as an error code exactly the way perror does: C's `atoi`.

/// `atoi` as glibc computes it: `(int) strtol(arg, NULL, 10)` on a 64-bit `long`.
///
/// Leading white space (space, `\t\n\v\f\r`) is skipped, one sign is read, then decimal
/// digits up to the first other byte. The value saturates at the 64-bit range like
/// `strtol`, and is then truncated to 32 bits like the cast:
/// `perror 4294967400` looks up 104, `perror 2147483648` looks up -2147483648,
/// `perror 12abc` looks up 12 and `perror abc` looks up 0. Bytes, not characters: any
/// argument, valid UTF-8 or not, has a value.
/// Whether atoi reads a number from `arg` (white space, a sign, then a digit), as it does
/// from `104`, ` -1` and `12abc`, but not from `abc`, which it reads as 0.
pub fn reads_a_number(arg: &[u8]) -> bool {
    let rest = arg.trim_ascii_start();
    let rest = rest
        .strip_prefix(b"-")
        .or_else(|| rest.strip_prefix(b"+"))
        .unwrap_or(rest);
    rest.first().is_some_and(u8::is_ascii_digit)
}

pub fn atoi(arg: &[u8]) -> i32 {
    let mut bytes = arg
        .iter()
        .copied()
        .skip_while(|b| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
        .peekable();
    let negative = match bytes.peek() {
        Some(b'-') => {
            bytes.next();
            true
        }
        Some(b'+') => {
            bytes.next();
            false
        }
        _ => false,
    };
    // Accumulate as a negative number so that i64::MIN is reachable, as strtol does.
    let mut value: i64 = 0;
    let mut saturated = false;
    for b in bytes.take_while(u8::is_ascii_digit) {
        let digit = i64::from(b - b'0');
        match value.checked_mul(10).and_then(|v| v.checked_sub(digit)) {
            Some(v) => value = v,
            None => saturated = true,
        }
        if saturated {
            break;
        }
    }
    let long = match (negative, saturated) {
        (true, true) => i64::MIN,
        (false, true) => i64::MAX,
        (true, false) => value,
        (false, false) => value.checked_neg().unwrap_or(i64::MAX),
    };
    long as i32
}

#[cfg(test)]
mod tests {
    use super::atoi;

    #[test]
    fn reads_like_c() {
        let cases: [(&[u8], i32); 14] = [
            (b"104", 104),
            (b" 104", 104),
            (b"+104", 104),
            (b"12abc", 12),
            (b"abc", 0),
            (b"", 0),
            (b"-", 0),
            (b"1e3", 1),
            (b"-5", -5),
            (b"4294967400", 104),
            (b"2147483648", -2147483648),
            (b"99999999999999999999", -1),
            (b"-99999999999999999999", 0),
            (b"\xff12", 0),
        ];
        for (arg, want) in cases {
            assert_eq!(atoi(arg), want, "atoi({:?})", String::from_utf8_lossy(arg));
        }
    }

    #[test]
    fn white_space_then_sign_only_once() {
        assert_eq!(atoi(b"\t\n\x0b\x0c\r 7"), 7);
        assert_eq!(atoi(b"--7"), 0);
        assert_eq!(atoi(b"+-7"), 0);
        assert_eq!(atoi(b"- 7"), 0);
    }
}
