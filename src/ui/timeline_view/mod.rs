//! The timeline: lanes, marks, labels and clusters on an `egui_plot` canvas.
//!
//! This file owns the input side: the wheel, the plot (axis, grid, drag and pinch), the layout
//! for the frame, and turning hovers and clicks into tooltips and [`Command`]s. `paint` draws the
//! layout.
//!
//! `egui_plot` provides the calendar axis and grid (through our tick spacer and formatter) and the
//! drag and pinch interaction. `egui_plot` runs its build closure *before* it applies this frame's
//! pan and zoom, so the timeline content is laid out after `show`, from the final transform,
//! and painted with a painter clipped to the plot: what is drawn always matches the axis.

mod paint;

use std::hash::BuildHasher as _;

use egui::{Color32, CursorIcon, Rect, Response, Ui, Vec2, pos2};
use egui_plot::{GridInput, GridMark, Plot};

use super::Command;
use super::theme;
use crate::model::{EventIndex, Status};
use crate::timeline::{
    Hit, LaneSizing, LayoutInput, LoadedTimeline, TickUnit, TimeView, TimelineLayout,
    layout_timeline, tick_label, ticks,
};

/// Grid lines closer than this (in points) are not drawn.
const MIN_GRID_SPACING_PT: f32 = 12.0;

/// Extra reach (in points) around marks for hovering and clicking.
const HIT_SLOP_PT: f32 = 6.0;

/// What the timeline shows this frame.
#[derive(Clone, Copy)]
pub struct TimelineViewInput<'a> {
    /// The timeline.
    pub doc: &'a LoadedTimeline,

    /// The selected event.
    pub selected: Option<EventIndex>,

    /// The period to show.
    pub view: TimeView,

    /// Set the plot to `view`; otherwise it keeps its own (user-driven) bounds.
    pub force_view: bool,

    /// A search's results (sorted): matching events are labelled first, the others dimmed.
    pub matches: Option<&'a [EventIndex]>,

    /// How the lanes share the height: equally while exploring, by content on slides.
    pub lane_sizing: LaneSizing,

    /// Measure every label this frame, however many (an exported image has one frame to get
    /// them right); otherwise new labels are measured over a few frames.
    pub measure_all_labels: bool,
}

/// What the timeline produced this frame.
pub struct TimelineViewOutput {
    /// The layout that was painted (for hit-testing, tests and export).
    pub layout: TimelineLayout,

    /// The view after this frame's interaction.
    pub view: TimeView,

    /// The plot area on screen.
    pub frame: Rect,
}

/// Shows the timeline and pushes what the user asks for (select, zoom, open a cluster) onto
/// `commands`.
pub fn timeline_view_ui(
    ui: &mut Ui,
    input: &TimelineViewInput<'_>,
    commands: &mut Vec<Command>,
) -> TimelineViewOutput {
    let doc = input.doc;
    let full = ui.available_rect_before_wrap();
    let gutter = Rect::from_min_max(
        full.min,
        pos2(full.min.x + theme::LANE_HEADER_WIDTH_PT, full.max.y),
    );
    let plot_area = Rect::from_min_max(pos2(gutter.max.x, full.min.y), full.max);

    let wheel_view = wheel_zoom(ui, plot_area, input.view);
    let view = wheel_view.unwrap_or(input.view);
    let force_view = input.force_view || wheel_view.is_some();
    let response = ui
        .scope_builder(egui::UiBuilder::new().max_rect(plot_area), |ui| {
            timeline_plot().show(ui, |plot_ui| {
                if force_view {
                    plot_ui.set_plot_bounds_x(view.min_day..=view.max_day);
                }
                plot_ui.set_plot_bounds_y(0.0..=1.0);
            })
        })
        .inner;
    let transform = response.transform;
    let frame = *transform.frame();
    let bounds = transform.bounds();
    // Exactly what the axis shows (not clamped): the marks must agree with the axis. The app
    // pulls the view back within the zoom limits on the next frame.
    let view = TimeView {
        min_day: bounds.min()[0],
        max_day: bounds.max()[0],
    };

    let painter = ui.painter_at(frame);
    let widths = ui.data_mut(|d| {
        d.get_temp_mut_or_default::<LabelWidths>(egui::Id::unique("sourceline-label-widths"))
            .clone()
    });
    let mut widths = widths
        .0
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut measurer = LabelMeasurer {
        widths: &mut widths,
        painter: &painter,
        font: theme::label_font(ui.style()),
        pixels_per_point: ui.ctx().pixels_per_point(),
        new_layouts: 0,
        new_char_layouts: 0,
        layout_budget: if input.measure_all_labels {
            usize::MAX
        } else {
            NEW_LAYOUTS_PER_FRAME
        },
        estimated: false,
    };
    let mut measure = |text: &str| measurer.width(text);
    let layout = layout_timeline(
        &LayoutInput {
            events: &doc.timeline.events,
            entries: &doc.lanes.entries,
            lane_indexes: &doc.lanes.lane_indexes,
            lane_count: doc.lanes.lanes.len(),
            frame,
            view,
            selected: input.selected,
            emphasized: input.matches.unwrap_or_default(),
            metrics: theme::layout_metrics(ui.style()),
            lane_sizing: input.lane_sizing,
        },
        &mut measure,
    );

    if measurer.estimated {
        // Some widths were estimated: the next frame measures more of them.
        ui.ctx().request_repaint();
    }
    drop(widths);
    let plot_response = response.response;
    plot_response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Timeline"));
    let hover = plot_response
        .hover_pos()
        .and_then(|p| layout.hit_test(p, HIT_SLOP_PT));
    paint::paint_timeline(
        ui,
        &painter,
        &paint::PaintInput {
            doc,
            layout: &layout,
            selected: input.selected,
            hover,
            matches: input.matches,
        },
    );
    paint::paint_lane_headers(ui, gutter, doc, &layout);
    ui.advance_cursor_after_rect(full);

    if let Some(hit) = hover {
        ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
        hover_tooltip(&plot_response, doc, &layout, hit);
    }
    if let Some(command) = click_command(&plot_response, &layout) {
        commands.push(command);
    }
    TimelineViewOutput {
        layout,
        view,
        frame,
    }
}

/// The plot: a calendar axis along x, nothing on y, dragged and pinched along x only.
/// Widths of label texts measured in earlier frames, by a hash of the text and the font. egui
/// keeps a text's layout only while it is drawn every frame; with this, labels that come back
/// into view cost a lookup instead of a layout.
#[derive(Clone, Default)]
struct LabelWidths(std::sync::Arc<std::sync::Mutex<rustc_hash::FxHashMap<u64, f32>>>);

/// The most widths kept (about 3 MB); the cache starts over when it is full.
const MAX_CACHED_WIDTHS: usize = 200_000;

/// The most texts laid out to measure them in one frame (a layout with shaping costs about
/// 20 µs): about 1.3 ms, so that the frame where hundreds of labels come into view stays within
/// 16 ms with the marks drawn beside them; the rest are measured over the next few frames (a
/// view of 230 new labels has them all measured in four frames, 67 ms at 60 Hz).
const NEW_LAYOUTS_PER_FRAME: usize = 64;

/// The most single characters laid out in one frame, for estimates (a font's usual characters
/// are measured in the first frame that needs them, and kept).
const NEW_CHAR_LAYOUTS_PER_FRAME: usize = 256;

/// Measures label texts for one frame's layout. Widths are remembered across frames; past
/// [`NEW_LAYOUTS_PER_FRAME`] new texts, a width is estimated from the widths of its characters
/// (a shaped text is seldom wider than its characters side by side) and the frame asks for
/// another, which measures more. A zoom that brings hundreds of new labels into view at once
/// (where density strips turn into labelled marks) thus spreads their layout over a few frames
/// instead of dropping one.
struct LabelMeasurer<'a> {
    widths: &'a mut rustc_hash::FxHashMap<u64, f32>,
    painter: &'a egui::Painter,
    font: egui::FontId,
    pixels_per_point: f32,
    /// Texts laid out in this frame so far.
    new_layouts: usize,
    /// Single characters laid out in this frame so far.
    new_char_layouts: usize,
    /// The most texts to lay out in this frame.
    layout_budget: usize,
    /// Whether some width was estimated rather than measured.
    estimated: bool,
}

impl LabelMeasurer<'_> {
    /// The width of `text` in points.
    fn width(&mut self, text: &str) -> f32 {
        let mut chars = text.chars();
        if let (Some(ch), None) = (chars.next(), chars.next()) {
            return self.char_width(ch);
        }
        if let Some(width) = self.remembered_or_measured(text, false) {
            return width;
        }
        self.estimated = true;
        text.chars().map(|ch| self.char_width(ch)).sum()
    }

    /// The width of one character: they are few, and have a budget of their own so that
    /// estimates are made of measured widths (an unknown one counts as a full em).
    fn char_width(&mut self, ch: char) -> f32 {
        let mut buffer = [0u8; 4];
        self.remembered_or_measured(ch.encode_utf8(&mut buffer), true)
            .unwrap_or_else(|| {
                self.estimated = true;
                self.font.size
            })
    }

    /// The width remembered, or measured now while this frame's budget (for texts or for
    /// single characters) lasts.
    fn remembered_or_measured(&mut self, text: &str, single_char: bool) -> Option<f32> {
        let key = rustc_hash::FxBuildHasher.hash_one((
            text,
            self.font.size.to_bits(),
            self.pixels_per_point.to_bits(),
        ));
        if let Some(&width) = self.widths.get(&key) {
            return Some(width);
        }
        let (used, budget) = if single_char {
            (
                &mut self.new_char_layouts,
                self.layout_budget.max(NEW_CHAR_LAYOUTS_PER_FRAME),
            )
        } else {
            (&mut self.new_layouts, self.layout_budget)
        };
        if *used >= budget {
            return None;
        }
        *used += 1;
        let width = self
            .painter
            .layout_no_wrap(text.to_owned(), self.font.clone(), Color32::PLACEHOLDER)
            .size()
            .x;
        if self.widths.len() >= MAX_CACHED_WIDTHS {
            self.widths.clear();
        }
        self.widths.insert(key, width);
        Some(width)
    }
}

fn timeline_plot() -> Plot<'static> {
    Plot::new("timeline")
        .show_axes([true, false])
        .show_grid([true, false])
        .allow_zoom([true, false])
        .allow_drag([true, false])
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .set_margin_fraction(Vec2::ZERO)
        .grid_spacing(MIN_GRID_SPACING_PT..=300.0)
        .x_grid_spacer(|input| calendar_grid(&input))
        .x_axis_formatter(|mark, _range| {
            tick_label(mark.value, TickUnit::from_step_days(mark.step_size))
        })
}

/// The plain mouse wheel zooms at the pointer and horizontal scrolling pans: the view after
/// this frame's scrolling, if there was any over the plot.
fn wheel_zoom(ui: &Ui, plot_area: Rect, view: TimeView) -> Option<TimeView> {
    // `rect_contains_pointer` respects layers: scrolling a window above the timeline (the
    // source text) scrolls that window, not the timeline.
    let pointer = ui.input(|i| i.pointer.hover_pos())?;
    if !ui.rect_contains_pointer(plot_area) {
        return None;
    }
    let scroll = ui.input(|i| i.smooth_scroll_delta);
    if scroll == Vec2::ZERO {
        return None;
    }
    let width_pt = plot_area.width().max(1.0);
    let fraction = f64::from((pointer.x - plot_area.min.x) / width_pt);
    let anchor_day = view.min_day + fraction * view.span_days();
    let zoomed = view.zoomed_at(f64::from(scroll.y * 0.0025).exp(), anchor_day);
    let pan_days = -f64::from(scroll.x / width_pt) * zoomed.span_days();
    ui.input_mut(|i| i.smooth_scroll_delta = Vec2::ZERO);
    Some(TimeView::new(
        zoomed.min_day + pan_days,
        zoomed.max_day + pan_days,
    ))
}

/// The tooltip of what the pointer is over.
fn hover_tooltip(response: &Response, doc: &LoadedTimeline, layout: &TimelineLayout, hit: Hit) {
    response.clone().on_hover_ui_at_pointer(|ui| match hit {
        Hit::Event(event) => {
            if let Some(event) = doc.timeline.events.get(event) {
                ui.strong(event.title.as_str());
                ui.label(event.date.to_string());
                if event.status == Status::Planned {
                    ui.label("Planned (announced, not known to have happened)");
                }
            }
        }
        Hit::Cluster(i) => {
            if let Some(cluster) = layout.clusters.get(i) {
                ui.label(format!("{} events here: click to zoom in", cluster.count));
            }
        }
        Hit::Density(i) => {
            if let Some(column) = layout.density.get(i) {
                ui.label(match column.count {
                    1 => "1 event: click to zoom in".to_owned(),
                    n => format!("{} events: click to zoom in", crate::model::thousands(n)),
                });
            }
        }
    });
}

/// What a click or double-click on the plot asks for.
fn click_command(response: &Response, layout: &TimelineLayout) -> Option<Command> {
    // Clicks are hit-tested where the button went down (on touch screens the pointer is gone
    // by the time the click is reported).
    let clicked_on = response
        .interact_pointer_pos()
        .and_then(|p| layout.hit_test(p, HIT_SLOP_PT));
    if response.double_clicked() && clicked_on.is_none() {
        return Some(Command::FitAll);
    }
    if !response.clicked() {
        return None;
    }
    Some(match clicked_on {
        Some(Hit::Event(event)) => Command::Select(Some(event)),
        Some(Hit::Cluster(i)) => {
            layout
                .clusters
                .get(i)
                .map_or(Command::Select(None), |c| Command::OpenCluster {
                    events: c.events.clone(),
                    start_day: c.start_day,
                    end_day: c.end_day,
                    at: c.rect.left_bottom(),
                })
        }
        Some(Hit::Density(i)) => layout.density.get(i).map_or(Command::Select(None), |c| {
            // Zoom in twentyfold on the column.
            let middle = 0.5 * (c.start_day + c.end_day);
            let half = 10.0 * (c.end_day - c.start_day);
            Command::ZoomTo {
                start_day: middle - half,
                end_day: middle + half,
            }
        }),
        None => Command::Select(None),
    })
}

/// `egui_plot`'s grid spacer: ticks on calendar boundaries.
fn calendar_grid(input: &GridInput) -> Vec<GridMark> {
    let (min_day, max_day) = input.bounds;
    if !(min_day.is_finite() && max_day.is_finite()) || input.base_step_size <= 0.0 {
        return Vec::new();
    }
    // egui_plot passes the data size of `grid_spacing.min` points.
    let pt_per_day = f64::from(MIN_GRID_SPACING_PT) / input.base_step_size;
    ticks(
        &TimeView::new(min_day, max_day),
        pt_per_day,
        f64::from(MIN_GRID_SPACING_PT),
    )
    .into_iter()
    .map(|tick| GridMark {
        value: tick.day,
        step_size: tick.unit.approx_days(),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Widths measured with a budget of `budget` new layouts in one frame, then the same texts
    /// in a second frame with the widths remembered from the first.
    fn measure_twice(texts: &[&str], budget: usize) -> [(Vec<f32>, bool); 2] {
        let ctx = egui::Context::default();
        let mut widths = rustc_hash::FxHashMap::default();
        let mut frames = Vec::new();
        for _ in 0..2 {
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                let painter = ui.painter().clone();
                let mut measurer = LabelMeasurer {
                    widths: &mut widths,
                    painter: &painter,
                    font: egui::FontId::proportional(14.0),
                    pixels_per_point: 1.0,
                    new_layouts: 0,
                    new_char_layouts: 0,
                    layout_budget: budget,
                    estimated: false,
                };
                let measured: Vec<f32> = texts.iter().map(|t| measurer.width(t)).collect();
                frames.push((measured, measurer.estimated));
            });
            // No renderer takes the font atlas here.
            output.textures_delta.clear();
        }
        let second = frames.pop().unwrap_or_default();
        let first = frames.pop().unwrap_or_default();
        [first, second]
    }

    #[test]
    fn labels_past_the_frame_budget_are_estimated_then_measured_next_frame() {
        let texts = ["Camp David", "Yeltsin writes to Bush", "Vancouver summit"];
        let [exact, _] = measure_twice(&texts, usize::MAX);
        assert!(exact.0.iter().all(|&w| w > 10.0), "{exact:?}");
        assert!(!exact.1, "nothing estimated without a budget");

        // Room for two new texts; the third is estimated from its characters' widths.
        let [first, second] = measure_twice(&texts, 2);
        assert!(first.1, "the third text was estimated");
        assert_eq!(first.0[..2], exact.0[..2], "the first two are measured");
        let estimate = first.0[2];
        assert!(
            (estimate - exact.0[2]).abs() <= 0.05 * exact.0[2],
            "an estimate close to the width: {estimate} for {}",
            exact.0[2]
        );
        assert_eq!(second.0, exact.0, "the next frame measures the rest");
        assert!(!second.1);
    }
}
