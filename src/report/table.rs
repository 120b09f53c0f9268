//! A small typed column table: what the report writes as CSV and Parquet. Pure data.

/// Values of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// Unsigned integers (counts, ids).
    U32(Vec<u32>),
    /// Large unsigned integers (edge counts).
    U64(Vec<u64>),
    /// Reals.
    F64(Vec<f64>),
    /// Optional integers (carried attributes; empty = missing).
    OptI64(Vec<Option<i64>>),
    /// Optional reals (carried attributes; empty = missing).
    OptF64(Vec<Option<f64>>),
    /// Text.
    Str(Vec<String>),
}

impl ColumnData {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::U32(v) => v.len(),
            ColumnData::U64(v) => v.len(),
            ColumnData::F64(v) => v.len(),
            ColumnData::OptI64(v) => v.len(),
            ColumnData::OptF64(v) => v.len(),
            ColumnData::Str(v) => v.len(),
        }
    }

    /// Whether the column has no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value of row `r` as CSV text (shortest round-trip form for reals; empty if missing).
    pub fn text(&self, r: usize) -> String {
        match self {
            ColumnData::U32(v) => v[r].to_string(),
            ColumnData::U64(v) => v[r].to_string(),
            ColumnData::F64(v) => format_f64(v[r]),
            ColumnData::OptI64(v) => v[r].map(|x| x.to_string()).unwrap_or_default(),
            ColumnData::OptF64(v) => v[r].map(format_f64).unwrap_or_default(),
            ColumnData::Str(v) => v[r].clone(),
        }
    }

    /// Keeps rows in the order of `order`.
    pub fn permute(&self, order: &[usize]) -> ColumnData {
        fn pick<T: Clone>(v: &[T], order: &[usize]) -> Vec<T> {
            order.iter().map(|&i| v[i].clone()).collect()
        }
        match self {
            ColumnData::U32(v) => ColumnData::U32(pick(v, order)),
            ColumnData::U64(v) => ColumnData::U64(pick(v, order)),
            ColumnData::F64(v) => ColumnData::F64(pick(v, order)),
            ColumnData::OptI64(v) => ColumnData::OptI64(pick(v, order)),
            ColumnData::OptF64(v) => ColumnData::OptF64(pick(v, order)),
            ColumnData::Str(v) => ColumnData::Str(pick(v, order)),
        }
    }

    /// Infers the narrowest type for text values: integers, then reals, else text.
    pub fn infer(values: Vec<String>) -> ColumnData {
        let present = || values.iter().filter(|v| !v.is_empty());
        if present().next().is_some() && present().all(|v| v.parse::<i64>().is_ok()) {
            return ColumnData::OptI64(values.iter().map(|v| v.parse().ok()).collect());
        }
        if present().next().is_some()
            && present().all(|v| v.parse::<f64>().is_ok_and(f64::is_finite))
        {
            return ColumnData::OptF64(values.iter().map(|v| v.parse().ok()).collect());
        }
        ColumnData::Str(values)
    }
}

/// Formats a real in its shortest round-trip decimal form (deterministic, no exponent).
pub fn format_f64(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else {
        format!("{x}")
    }
}

/// A named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Column name (an API: scripts rely on it).
    pub name: String,
    /// Values.
    pub data: ColumnData,
}

/// Columns of equal length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// The columns, in output order.
    pub columns: Vec<Column>,
}

impl Table {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.data.len())
    }

    /// Appends a column; a name already present gets the suffix `_input`.
    pub fn push(&mut self, name: impl Into<String>, data: ColumnData) {
        let mut name = name.into();
        while self.column(&name).is_some() {
            name.push_str("_input");
        }
        self.columns.push(Column { name, data });
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&ColumnData> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .map(|c| &c.data)
    }

    /// Reorders every column's rows.
    pub fn permute(&mut self, order: &[usize]) {
        for c in &mut self.columns {
            c.data = c.data.permute(order);
        }
    }
}
