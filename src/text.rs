//! Building message and URL strings without `format!`: the formatting machinery it pulls in
//! would be paid in `.wasm` bytes by every dashboard user, for text that is only ever joined.

/// Joins string pieces.
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// A whole number in decimal.
pub fn decimal(value: u64) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = value;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    digits[at..].iter().map(|&d| char::from(d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_counts() {
        assert_eq!(concat(&["a", "", "bc"]), "abc");
        assert_eq!(concat(&[]), "");
        for n in [0, 7, 10, 404, 1_795_772_985_883, u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }
}
