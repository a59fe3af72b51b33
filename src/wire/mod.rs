//! How values cross the wire, declared once per shape: the [`shape!`] macro declares a model's
//! members (Rust name, type, Logto's camelCase name, docs) and derives from that one list what
//! each shape needs: the struct with its TypeScript declaration (`tsify`), the reader of a
//! JavaScript argument ([`read`]), the writer of a JSON body, query string or JavaScript object
//! ([`write`]) and the check of a response body ([`check`]). [`string_enum!`] does the same for
//! the string unions (statuses, error kinds, `credentials`).
//!
//! All of it is plain Rust over the [`Value`] trait: the wasm shell implements it for live
//! JavaScript values (`crate::js::value`), host tests for `serde_json` values.

mod check;
mod member_types;
mod read;
mod value;
mod write;

pub use check::{check_members, check_object, one_of as check_one_of, CheckMember, Location};
pub use member_types::{shape_index, NO_SHAPE};
pub use read::{one_of as read_one_of, read_object, Field, ReadArg};
pub use value::{PackedTypes, Thrown, Value, ValueType, PACKED_MAX};
#[cfg(feature = "server")]
pub use write::write_json_string;
pub use write::{percent_encode_into, JsonWriter, QueryWriter, Sink, WriteMember, WriteShape};

/// Declares a model once. `shape!([caps] struct Name { members })` where each member is
/// `#[attrs] rust_name: Type = "wireName"` and `caps` picks what to derive:
/// - `read`: `ReadArg` (from a JavaScript argument object, each member named in errors);
/// - `write`: `WriteShape` (members to a JSON body, a query string or a JavaScript object);
/// - `check`: `CheckMember` (a response body has each member with the right type);
/// - `member`: `WriteMember` as a JSON member of another shape (a nested object, or an array of
///   them), for shapes that also derive `write`.
/// - `optional`: `ReadArg` for `Option<Name>` (`undefined` and `null` are absent), for shapes
///   that also derive `read` and are an optional member of another.
macro_rules! shape {
    (
        [$($cap:ident),*]
        $(#[$meta:meta])*
        pub struct $name:ident $members:tt
    ) => {
        $crate::wire::shape!(@struct [$(#[$meta])*] $name $members);
        $( $crate::wire::shape!(@$cap $name $members); )*
    };
    (@struct [$(#[$meta:meta])*] $name:ident {
        $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $wire:literal ),* $(,)?
    }) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$fmeta])* #[serde(rename = $wire)] pub $field: $ty, )*
        }
    };
    (@read $name:ident { $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $wire:literal ),* $(,)? }) => {
        impl<V: $crate::wire::Value> $crate::wire::ReadArg<V> for $name
        where
            $( $ty: $crate::wire::ReadArg<V>, )*
        {
            fn read(value: &V, at: $crate::wire::Field<'_>) -> Result<Self, $crate::error::ApiError> {
                let object = $crate::wire::read_object(value, at, &[$($wire),*])?;
                Ok($name {
                    $( $field: $crate::wire::ReadArg::read_member(object, $wire, at)?, )*
                })
            }
        }
    };
    (@write $name:ident { $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $wire:literal ),* $(,)? }) => {
        impl<S: $crate::wire::Sink> $crate::wire::WriteShape<S> for $name
        where
            $( $ty: $crate::wire::WriteMember<S>, )*
        {
            fn write_members(&self, sink: &mut S) {
                $( $crate::wire::WriteMember::write_member(&self.$field, $wire, sink); )*
            }
        }
    };
    (@optional $name:ident $members:tt) => {
        impl<V: $crate::wire::Value> $crate::wire::ReadArg<V> for Option<$name>
        where
            $name: $crate::wire::ReadArg<V>,
        {
            fn read(value: &V, at: $crate::wire::Field<'_>) -> Result<Self, $crate::error::ApiError> {
                if $crate::wire::Value::is_absent(value) {
                    return Ok(None);
                }
                <$name as $crate::wire::ReadArg<V>>::read(value, at).map(Some)
            }
        }
    };
    (@member $name:ident $members:tt) => {
        impl<S: $crate::wire::Sink> $crate::wire::WriteMember<S> for $name {
            fn write_member(&self, key: &'static str, sink: &mut S) {
                sink.json(key, &$crate::wire::JsonWriter::object(self));
            }
        }

        impl<S: $crate::wire::Sink> $crate::wire::WriteMember<S> for Vec<$name> {
            fn write_member(&self, key: &'static str, sink: &mut S) {
                sink.json(key, &$crate::wire::JsonWriter::array(self));
            }
        }
    };
    (@check $name:ident { $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $wire:literal ),* $(,)? }) => {
        impl $name {
            /// The members' names on the wire, in declaration order (the response check's order).
            pub const MEMBER_KEYS: &'static [&'static str] = &[$($wire),*];
        }

        impl $crate::wire::CheckMember for $name {
            const ALLOWED: &'static [$crate::wire::ValueType] = &[$crate::wire::ValueType::Object];
            fn check_value<V: $crate::wire::Value>(
                value: &V,
                _key: &'static str,
                at: &$crate::wire::Location,
            ) -> Result<(), String> {
                // Every member's type first, in one read where the value allows it.
                const KEYS: &[&str] = $name::MEMBER_KEYS;
                const _: () = assert!(KEYS.len() <= $crate::wire::PACKED_MAX);
                const SHAPE: u32 =
                    $crate::wire::shape_index(KEYS, $crate::invitation::LIST_ITEM_SHAPES);
                let mut types = value.shape_member_types(KEYS, SHAPE);
                $( $crate::wire::check_members::<V, $ty>(value, $wire, &mut types, at)?; )*
                Ok(())
            }
        }
    };
}

/// Declares a string union once: `string_enum!(#[attrs] pub enum Name { Variant = "wire", ... })`
/// gives the enum (its `tsify` declaration is the union of the wire strings), `ALL`, `as_str`,
/// `parse`, and reading, writing and checking as a member.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),* $(,)? }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $wire)] $variant, )*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            /// The wire strings, in declaration order.
            pub const STRINGS: &'static [&'static str] = &[$($wire),*];

            /// The string on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $wire, )* }
            }

            /// The value of a wire string, if it is one.
            pub fn parse(value: &str) -> Option<Self> {
                match value { $( $wire => Some($name::$variant), )* _ => None }
            }
        }

        impl<V: $crate::wire::Value> $crate::wire::ReadArg<V> for $name {
            fn read(value: &V, at: $crate::wire::Field<'_>) -> Result<Self, $crate::error::ApiError> {
                $crate::wire::read_one_of(value, at, Self::STRINGS).map(|i| Self::ALL[i])
            }
        }

        /// `undefined` and `null` are absent.
        impl<V: $crate::wire::Value> $crate::wire::ReadArg<V> for Option<$name> {
            fn read(value: &V, at: $crate::wire::Field<'_>) -> Result<Self, $crate::error::ApiError> {
                if value.is_absent() {
                    return Ok(None);
                }
                <$name as $crate::wire::ReadArg<V>>::read(value, at).map(Some)
            }
        }

        impl<S: $crate::wire::Sink> $crate::wire::WriteMember<S> for $name {
            fn write_member(&self, key: &'static str, sink: &mut S) {
                sink.string(key, self.as_str());
            }
        }

        impl $crate::wire::CheckMember for $name {
            const ALLOWED: &'static [$crate::wire::ValueType] = &[$crate::wire::ValueType::String];
            fn check_value<V: $crate::wire::Value>(
                value: &V,
                key: &'static str,
                at: &$crate::wire::Location,
            ) -> Result<(), String> {
                $crate::wire::check_one_of(value, key, at, Self::STRINGS)
            }
        }
    };
}

pub(crate) use shape;
pub(crate) use string_enum;
